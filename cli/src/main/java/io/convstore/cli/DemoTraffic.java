package io.convstore.cli;

import io.convstore.event.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic conversation traffic for the demo: a pool of open conversations across tenants of very different
 * size; customers, agents and an AI assistant taking turns; occasional long emails and voice transcripts; and the
 * everyday faults a pipeline must absorb — re-sent duplicates, events swapped in flight, producers that send no
 * {@code seq}, and records that are not valid envelopes. Deterministic for a seed.
 */
final class DemoTraffic {
    /** A record to publish. */
    record Message(byte[] key, byte[] value) {}

    private static final String[] TENANTS = {"acme", "globex", "initech", "umbrella"};
    private static final int[] TENANT_WEIGHTS = {50, 25, 15, 10}; // a few tenants are far hotter than the rest
    private static final String[] CUSTOMER_LINES = {
        "Hi, my order hasn't arrived yet.", "I was charged twice this month.", "Can I change my delivery address?",
        "The app logs me out every few minutes.", "Thanks, that worked!", "Could you send me the invoice again?"
    };
    private static final String[] AGENT_LINES = {
        "Let me look into that for you.", "I've issued a refund; you'll see it in 3-5 days.",
        "Could you confirm the email on the account?", "I'm transferring you to billing.", "Anything else I can do?"
    };

    private final Random random;
    private final String run;
    private final List<Conversation> open = new ArrayList<>();
    private long conversationCounter;
    private long eventCounter;

    /** A conversation in progress. */
    private final class Conversation {
        final String tenant;
        final String id;
        final boolean producerSeq;
        final int length;
        int step;
        Message deferred;
        Message last;

        Conversation() {
            this.tenant = pickTenant();
            this.id = "c-" + run + "-" + (++conversationCounter);
            this.producerSeq = random.nextInt(100) < 80;
            this.length = 6 + random.nextInt(30);
        }
    }

    /**
     * @param run a short id that makes this run's conversation ids unique, so stores kept from earlier runs never
     *     collide with this one
     */
    DemoTraffic(long seed, String run, int openConversations) {
        this.random = new Random(seed);
        this.run = run;
        for (int i = 0; i < openConversations; i++) {
            open.add(new Conversation());
        }
    }

    /** The next one or two records to publish. */
    List<Message> next() {
        int roll = random.nextInt(1000);
        Conversation conversation = open.get(random.nextInt(open.size()));
        if (roll < 3) {
            return List.of(badRecord(conversation));
        }
        if (roll < 13 && conversation.last != null) {
            return List.of(conversation.last); // a producer retry: the same record again
        }
        Message message = nextEvent(conversation);
        List<Message> out = new ArrayList<>(2);
        if (conversation.deferred != null) {
            out.add(message);
            out.add(conversation.deferred); // the earlier event arrives after the later one
            conversation.deferred = null;
        } else if (conversation.producerSeq && conversation.step < conversation.length && roll < 40) {
            conversation.deferred = message;
        } else {
            out.add(message);
        }
        if (conversation.step >= conversation.length && conversation.deferred == null) {
            open.set(open.indexOf(conversation), new Conversation());
        }
        return out;
    }

    private Message nextEvent(Conversation c) {
        c.step++;
        Long seq = c.producerSeq ? (long) c.step : null;
        String eventId = run + "-" + (++eventCounter);
        Instant now = Instant.now();
        Envelope envelope;
        if (c.step == 1 || c.step == c.length) {
            envelope = new Envelope(eventId, c.tenant, c.id, "conversation.status", null, seq, now, "web", "system",
                    "router", Map.of("status", c.step == 1 ? "opened" : "closed"));
        } else {
            int kind = random.nextInt(100);
            if (kind < 5) {
                envelope = new Envelope(eventId, c.tenant, c.id, "email.message", null, seq, now, "email",
                        "customer", "cust-" + c.id, Map.of("subject", "Re: your ticket", "body_html",
                                "<p>" + "Please see the details below. ".repeat(150 + random.nextInt(1500)) + "</p>",
                                "attachments", List.of(Map.of("name", "receipt.pdf", "size", 48_213))));
            } else if (kind < 10) {
                envelope = new Envelope(eventId, c.tenant, c.id, "voice.transcript", null, seq, now, "voice",
                        "customer", "cust-" + c.id, Map.of("duration_ms", 42_000, "segments", transcript()));
            } else if (kind < 35) {
                envelope = new Envelope(eventId, c.tenant, c.id, "ai.response", null, seq, now, "web", "bot",
                        "assist", Map.of("model", "assist-small-2", "text", pick(AGENT_LINES),
                                "latency_ms", 120 + random.nextInt(900),
                                "tokens", Map.of("input", 300 + random.nextInt(2000), "output", 20 + random.nextInt(200))));
            } else {
                boolean customer = c.step % 2 == 0;
                envelope = new Envelope(eventId, c.tenant, c.id, "chat.message", null, seq, now, "web",
                        customer ? "customer" : "agent", customer ? "cust-" + c.id : "agent-" + random.nextInt(20),
                        Map.of("text", pick(customer ? CUSTOMER_LINES : AGENT_LINES)));
            }
        }
        Message message = new Message(envelope.keyBytes(), envelope.toJsonBytes());
        c.last = message;
        return message;
    }

    private List<Map<String, Object>> transcript() {
        List<Map<String, Object>> segments = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < 4 + random.nextInt(20); i++) {
            int length = 1500 + random.nextInt(6000);
            segments.add(Map.of("speaker", i % 2 == 0 ? "customer" : "agent", "start_ms", at, "end_ms", at + length,
                    "text", pick(i % 2 == 0 ? CUSTOMER_LINES : AGENT_LINES),
                    "confidence", 0.7 + random.nextInt(30) / 100.0));
            at += length;
        }
        return segments;
    }

    private Message badRecord(Conversation c) {
        byte[] key = (c.tenant + "/" + c.id).getBytes(StandardCharsets.UTF_8);
        String body = switch (random.nextInt(3)) {
            case 0 -> "{\"event_id\": \"" + run + "-broken\", \"tenant_id\": \"" + c.tenant; // truncated
            case 1 -> new Envelope(run + "-fax-" + (++eventCounter), c.tenant, c.id, "fax.message", null, null,
                    Instant.now(), "fax", "customer", "u", Map.of("pages", 3)).toJson(); // unknown type
            default -> new Envelope(run + "-nokey-" + (++eventCounter), c.tenant, c.id, "chat.message", null, null,
                    Instant.now(), "web", "customer", "u", Map.of("text", "hi")).toJson(); // sent with a wrong key
        };
        return new Message(body.contains("-nokey-") ? "wrong/key".getBytes(StandardCharsets.UTF_8) : key,
                body.getBytes(StandardCharsets.UTF_8));
    }

    private String pickTenant() {
        int roll = random.nextInt(100);
        for (int i = 0; i < TENANTS.length; i++) {
            roll -= TENANT_WEIGHTS[i];
            if (roll < 0) {
                return TENANTS[i];
            }
        }
        return TENANTS[0];
    }

    private String pick(String[] lines) {
        return lines[random.nextInt(lines.length)];
    }
}
