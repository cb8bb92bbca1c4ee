package io.convstore.bench;

import io.convstore.event.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic conversation traffic, deterministic for a seed: many conversations open at once across tenants of
 * Zipf-skewed size; customers, agents and an AI assistant taking turns; a type mix with realistic payload sizes
 * (chat 0.2–2 KB, email 5–50 KB, transcripts 2–20 KB, AI responses 1–8 KB); and the faults of real producers at
 * configured rates. Time is logical ({@code occurred_at} advances 1 ms per record from a fixed start), so the
 * same seed gives the same bytes whatever the machine does. Open-loop pacing is the caller's business.
 */
public final class TrafficGenerator {
    /** What a generated record is, so a harness can account for it. */
    public enum Kind { EVENT, DUPLICATE, BAD }

    /** One record to publish with its Kafka key (null: none). */
    public record Generated(byte[] key, byte[] value, Kind kind, String type) {}

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final String[] WORDS = ("order refund delivery invoice account password card billing address "
            + "please thanks tracking damaged late cancel upgrade plan support agent help issue problem resolved "
            + "question today tomorrow week number reference payment").split(" ");

    private final TrafficSettings settings;
    private final Random random;
    private final double[] tenantCdf;
    private final Conversation[] open;
    private long conversationCounter;
    private long eventCounter;
    private long clockMillis;

    /** A conversation in progress. */
    private final class Conversation {
        final String tenant;
        final String id;
        final boolean producerSeq;
        final int length;
        int step;
        Generated deferred;
        Generated last;

        Conversation() {
            this.tenant = "tenant-" + String.format("%03d", pickTenant());
            this.id = "c-" + settings.run() + "-" + (++conversationCounter);
            this.producerSeq = random.nextDouble() >= settings.noSeqRate();
            this.length = 4 + random.nextInt(40);
        }
    }

    public TrafficGenerator(TrafficSettings settings) {
        settings.check();
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.tenantCdf = zipfCdf(settings.tenants(), settings.zipfExponent());
        this.open = new Conversation[settings.conversations()];
        for (int i = 0; i < open.length; i++) {
            open[i] = new Conversation();
        }
    }

    /** The next one or two records (two when a held-back event follows the event after it). */
    public List<Generated> next() {
        clockMillis++;
        int slot = random.nextInt(open.length);
        Conversation c = open[slot];
        double roll = random.nextDouble();
        if (roll < settings.badRate()) {
            return List.of(bad(c));
        }
        if (roll < settings.badRate() + settings.duplicateRate() && c.last != null) {
            Generated again = c.last;
            return List.of(new Generated(again.key(), again.value(), Kind.DUPLICATE, again.type()));
        }
        Generated event = event(c);
        List<Generated> out = new ArrayList<>(2);
        if (c.deferred != null) {
            out.add(event);
            out.add(c.deferred);
            c.deferred = null;
        } else if (c.producerSeq && c.step < c.length && random.nextDouble() < settings.outOfOrderRate()) {
            c.deferred = event;
        } else {
            out.add(event);
        }
        if (c.step >= c.length && c.deferred == null) {
            open[slot] = new Conversation();
        }
        return out;
    }

    private Generated event(Conversation c) {
        c.step++;
        Long seq = c.producerSeq ? (long) c.step : null;
        String eventId = settings.run() + "-" + (++eventCounter);
        Instant at = START.plusMillis(clockMillis);
        Envelope envelope;
        if (c.step == 1 || c.step == c.length) {
            envelope = new Envelope(eventId, c.tenant, c.id, "conversation.status", null, seq, at, "web", "system",
                    "router", Map.of("status", c.step == 1 ? "opened" : "closed", "reason",
                            c.step == 1 ? "new" : "resolved"));
        } else {
            int kind = random.nextInt(100);
            if (kind < 5) {
                envelope = new Envelope(eventId, c.tenant, c.id, "email.message", null, seq, at, "email", "customer",
                        "cust-" + c.id, Map.of("subject", words(3, 8), "from", "customer@" + c.tenant + ".example",
                                "body_text", text(2_000, 20_000), "body_html", "<p>" + text(3_000, 30_000) + "</p>",
                                "attachments", List.of(Map.of("name", "receipt.pdf", "size", random.nextInt(90_000)))));
            } else if (kind < 10) {
                envelope = new Envelope(eventId, c.tenant, c.id, "voice.transcript", null, seq, at, "voice",
                        "customer", "cust-" + c.id, Map.of("call_id", "call-" + c.id, "duration_ms",
                                30_000 + random.nextInt(600_000), "segments", segments()));
            } else if (kind < 30) {
                envelope = new Envelope(eventId, c.tenant, c.id, "ai.response", null, seq, at, "web", "bot", "assist",
                        Map.of("model", random.nextBoolean() ? "assist-small-2" : "assist-large-1",
                                "text", text(900, 7_500), "latency_ms", 80 + random.nextInt(2_000),
                                "tokens", Map.of("input", 200 + random.nextInt(4_000), "output", 20 + random.nextInt(800)),
                                "citations", List.of(Map.of("source", "kb/" + random.nextInt(5_000),
                                        "title", words(2, 6)))));
            } else {
                boolean customer = c.step % 2 == 0;
                envelope = new Envelope(eventId, c.tenant, c.id, "chat.message", null, seq, at, "web",
                        customer ? "customer" : "agent", customer ? "cust-" + c.id : "agent-" + random.nextInt(500),
                        Map.of("text", text(180, 1_970), "lang", "en"));
            }
        }
        Generated generated = new Generated(envelope.keyBytes(), envelope.toJsonBytes(), Kind.EVENT,
                envelope.type());
        c.last = generated;
        return generated;
    }

    private Generated bad(Conversation c) {
        byte[] key = (c.tenant + "/" + c.id).getBytes(StandardCharsets.UTF_8);
        Instant at = START.plusMillis(clockMillis);
        String id = settings.run() + "-bad-" + (++eventCounter);
        return switch (random.nextInt(4)) {
            case 0 -> new Generated(key, ("{\"event_id\":\"" + id + "\",\"tenant_id\":\"" + c.tenant)
                    .getBytes(StandardCharsets.UTF_8), Kind.BAD, null);
            case 1 -> new Generated(key, new Envelope(id, c.tenant, c.id, "fax.message", null, null, at, "fax",
                    "customer", "u", Map.of("pages", 3)).toJsonBytes(), Kind.BAD, "fax.message");
            case 2 -> new Generated("wrong/key".getBytes(StandardCharsets.UTF_8), new Envelope(id, c.tenant, c.id,
                    "chat.message", null, null, at, "web", "customer", "u", Map.of("text", "hi")).toJsonBytes(),
                    Kind.BAD, "chat.message");
            default -> new Generated(key, new Envelope(id, c.tenant, c.id, "chat.message", null, null, at, "web",
                    "customer", "u", Map.of("text", 42)).toJsonBytes(), Kind.BAD, "chat.message");
        };
    }

    private List<Map<String, Object>> segments() {
        List<Map<String, Object>> segments = new ArrayList<>();
        int at = 0;
        int count = 10 + random.nextInt(70);
        for (int i = 0; i < count; i++) {
            int length = 1_500 + random.nextInt(8_000);
            segments.add(Map.of("speaker", i % 2 == 0 ? "customer" : "agent", "start_ms", at, "end_ms", at + length,
                    "text", text(120, 160), "confidence", 0.6 + random.nextInt(40) / 100.0));
            at += length;
        }
        return segments;
    }

    private String text(int min, int max) {
        int target = min + random.nextInt(max - min);
        StringBuilder text = new StringBuilder(target + 16);
        while (text.length() < target) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.substring(0, target);
    }

    private String words(int min, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, n = min + random.nextInt(max - min); i < n; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private int pickTenant() {
        double u = random.nextDouble();
        int low = 0;
        int high = tenantCdf.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (tenantCdf[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low + 1;
    }

    /** Cumulative shares of tenants 1..n under Zipf's law with exponent s: tenant k gets 1/k^s. */
    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, s);
            cdf[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }
}
