package io.convstore.jobs.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.event.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic stream of conversation traffic for the pipeline ITCases, and what the stores must hold after
 * it: conversations with and without producer {@code seq}, adjacent events swapped in flight, re-sent duplicates,
 * one conversation per tenant with a seq that never arrives, seq conflicts and malformed records.
 */
final class ConversationDataset {
    /** One record as it is produced to Kafka; {@code reason} is the expected dead-letter reason, or null. */
    record Sent(byte[] key, byte[] value, String reason) {}

    /** One event as the serving store and lake must hold it. */
    record Stored(long seq, String eventId, String type, String actorRole, Instant occurredAt, String payload,
            long gapBefore) {}

    final List<Sent> sent = new ArrayList<>();
    /** Per conversation key, the stored events in seq order. */
    final Map<String, List<Stored>> expected = new TreeMap<>();
    final Map<String, Integer> deadLettersByReason = new TreeMap<>();
    int duplicates;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Random random;
    private final Instant base = Instant.parse("2026-12-04T09:00:00Z");

    /** Makes event ids unique per dataset: test classes share the broker and the targets' topics. */
    private final String idPrefix;

    private ConversationDataset(long seed) {
        this.random = new Random(seed);
        this.idPrefix = "s" + seed + "-";
    }

    /**
     * @param tenants tenant ids
     * @param conversationsPerTenant conversations of each tenant
     * @param eventsPerConversation events of each conversation (before duplicates)
     */
    static ConversationDataset generate(long seed, List<String> tenants, int conversationsPerTenant,
            int eventsPerConversation) {
        ConversationDataset data = new ConversationDataset(seed);
        List<List<Sent>> streams = new ArrayList<>();
        for (String tenant : tenants) {
            for (int c = 0; c < conversationsPerTenant; c++) {
                boolean producerSeq = c % 3 != 0;
                boolean permanentGap = c == 1; // a seq-numbered conversation that loses seq 5 for good
                streams.add(data.conversation(tenant, "c-" + c, eventsPerConversation, producerSeq, permanentGap));
            }
            streams.add(data.badRecords(tenant));
        }
        data.interleave(streams);
        return data;
    }

    int accepted() {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    int deadLetters() {
        return deadLettersByReason.values().stream().mapToInt(Integer::intValue).sum();
    }

    private List<Sent> conversation(String tenant, String conversation, int events, boolean producerSeq,
            boolean permanentGap) {
        List<Envelope> envelopes = new ArrayList<>();
        for (int i = 1; i <= events; i++) {
            envelopes.add(envelope(tenant, conversation, i, events, producerSeq ? (long) i : null));
        }
        List<Envelope> inFlight = new ArrayList<>(envelopes);
        if (permanentGap) {
            inFlight.remove(4);
        }
        if (producerSeq) {
            for (int i = 0; i + 1 < inFlight.size(); i++) {
                if (random.nextInt(100) < 15) {
                    Collections.swap(inFlight, i, i + 1);
                    i++;
                }
            }
        }
        List<Sent> stream = new ArrayList<>();
        List<Stored> stored = new ArrayList<>();
        for (Envelope envelope : inFlight) {
            stream.add(new Sent(envelope.keyBytes(), envelope.toJsonBytes(), null));
            if (random.nextInt(100) < 5) {
                stream.add(new Sent(envelope.keyBytes(), envelope.toJsonBytes(), null));
                duplicates++;
            }
        }
        List<Envelope> storedOrder = producerSeq ? envelopes : inFlight;
        long seq = 0;
        for (Envelope envelope : storedOrder) {
            if (permanentGap && envelope.seq() != null && envelope.seq() == 5) {
                continue;
            }
            long assigned = envelope.seq() != null ? envelope.seq() : ++seq;
            stored.add(new Stored(assigned, envelope.eventId(), envelope.type(), envelope.actorRole(),
                    envelope.occurredAt(), json(envelope.payload()),
                    permanentGap && assigned == 6 ? 1 : 0));
        }
        if (producerSeq) {
            // another producer claims seq 1, long after it was released: a sequence conflict
            Envelope claim = envelope(tenant, conversation, 1, events, 1L).withEventId(tenant + "-" + conversation
                    + "-conflict");
            stream.add(new Sent(claim.keyBytes(), claim.toJsonBytes(), "sequence_conflict"));
            deadLettersByReason.merge("sequence_conflict", 1, Integer::sum);
        }
        expected.put(tenant + "/" + conversation, stored);
        return stream;
    }

    private Envelope envelope(String tenant, String conversation, int i, int events, Long seq) {
        Instant at = base.plusSeconds(random.nextInt(3600)).plusMillis(i * 1500L);
        String id = idPrefix + tenant + "-" + conversation + "-e" + i;
        if (i == 1 || i == events) {
            return new Envelope(id, tenant, conversation, "conversation.status", null, seq, at, "web", "system",
                    "router", Map.of("status", i == 1 ? "opened" : "closed"));
        }
        return switch (i % 7) {
            case 3 -> new Envelope(id, tenant, conversation, "ai.response", 1, seq, at, "web", "bot", "assist-1",
                    Map.of("model", "convstore-small", "text", "Suggested reply " + i, "latency_ms", 40 + i,
                            "tokens", Map.of("input", 100 + i, "output", 20 + i)));
            case 5 -> new Envelope(id, tenant, conversation, "email.message", null, seq, at, "email", "customer",
                    "u-" + conversation, Map.of("subject", "Order " + i, "body", "Dear team, ".repeat(i < 10 ? 200 + i : 400 + i))); // from i = 12 above 4 KiB: stored compressed
            default -> new Envelope(id, tenant, conversation, "chat.message", null, seq, at, "web",
                    i % 2 == 0 ? "customer" : "agent", "a-" + (i % 4), Map.of("text", "message " + i + " ü ✓"));
        };
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records that break the envelope contract, each with the reason the pipeline must give. */
    private List<Sent> badRecords(String tenant) {
        Envelope good = envelope(tenant, "c-bad", 2, 10, null);
        String json = good.toJson();
        List<Sent> bad = List.of(
                new Sent(good.keyBytes(), json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8),
                        "malformed_json"),
                new Sent(good.keyBytes(), "[\"an array\"]".getBytes(StandardCharsets.UTF_8), "malformed_json"),
                new Sent(good.keyBytes(), json.replace("\"occurred_at\"", "\"when\"")
                        .getBytes(StandardCharsets.UTF_8), "missing_field"),
                new Sent(good.keyBytes(), good.withSeq(-4L).toJsonBytes(), "invalid_field"),
                new Sent((tenant + "/c-other").getBytes(StandardCharsets.UTF_8), good.toJsonBytes(), "key_mismatch"),
                new Sent(good.keyBytes(), json.replace("chat.message", "fax.message")
                        .getBytes(StandardCharsets.UTF_8), "unknown_type"),
                new Sent(good.keyBytes(), json.replaceFirst("\"payload\":\\{.*}}$", "\"payload\":{\"text\":42}}")
                        .getBytes(StandardCharsets.UTF_8), "schema_violation"));
        bad.forEach(record -> deadLettersByReason.merge(record.reason(), 1, Integer::sum));
        return bad;
    }

    /** Merges the per-conversation streams at random, keeping each stream's own order. */
    private void interleave(List<List<Sent>> streams) {
        List<Integer> positions = new ArrayList<>(Collections.nCopies(streams.size(), 0));
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            open.add(i);
        }
        while (!open.isEmpty()) {
            int pick = random.nextInt(open.size());
            int stream = open.get(pick);
            int position = positions.get(stream);
            sent.add(streams.get(stream).get(position));
            positions.set(stream, position + 1);
            if (position + 1 == streams.get(stream).size()) {
                open.remove(pick);
            }
        }
    }

}
