package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.connectors.kafka.DeadLetterTopic;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.event.Reason;
import io.convstore.jobs.IngestConfig;
import io.convstore.sandbox.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Garbage in, on the real pipeline: a corpus of bad records covering every reason the validator gives (and the
 * edge cases — empty value, null payload, deep nesting, huge numbers, invalid UTF-8, control characters, a 10 MB
 * body) plus randomly mutated valid events. The job never fails, each bad record is a dead letter with the expected
 * reason, each good one a row, and the audit accounts for every record exactly once.
 */
class BadInputITCase {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String KEY = "acme/c-bad";

    /** One corpus entry: what is sent and the reason expected (null: accepted). */
    private record Case(String name, String key, byte[] value, Reason expected) {}

    @Test
    void neverFailsAndPutsEveryRecordInExactlyOnePlace() throws Exception {
        System.setProperty("convstore.home", Path.of("..").toAbsolutePath().normalize().toString());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-bad-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int restPort = Ports.free();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("data"),
                EmbeddedPipeline.Lake.LOCAL_DIRECTORY, Map.of("convstore.checkpoint.interval", "1s",
                        "convstore.validate.max-record-bytes", "8mb"))) {
            IngestConfig config = pipeline.configWith(Map.of("rest.port", Integer.toString(restPort),
                    "rest.bind-port", Integer.toString(restPort)));
            JobClient job = EmbeddedPipeline.prepareJob(config).executeAsync("bad-input-it");
            String bootstrap = pipeline.sandbox.kafka().bootstrapServers();
            Map<Long, Case> sent = new HashMap<>(); // by partition * 1e12 + offset
            int mutants = 0;
            try (Publisher publisher = new Publisher(bootstrap, config.kafka().topic())) {
                for (Case c : corpus()) {
                    RecordMetadata at = publisher.sendAndWait(c.key() == null ? null
                            : c.key().getBytes(StandardCharsets.UTF_8), c.value());
                    sent.put(at.partition() * 1_000_000_000_000L + at.offset(), c);
                }
                Random random = new Random(7);
                for (int i = 0; i < 300; i++) {
                    byte[] mutant = mutate(valid("m-" + i, "text " + i).getBytes(StandardCharsets.UTF_8), random);
                    RecordMetadata at = publisher.sendAndWait(KEY.getBytes(StandardCharsets.UTF_8), mutant);
                    sent.put(at.partition() * 1_000_000_000_000L + at.offset(), new Case("mutant " + i, KEY, mutant,
                            null));
                    mutants++;
                }
            }
            pipeline.probe().awaitCaughtUp(PATIENCE);
            // events held for a gap (mutants with an explicit seq) are released within the order stage's max wait
            await().atMost(PATIENCE).until(() -> offsets(config, "conversation_events").size()
                    + offsets(config, "ingest_duplicates").size() + DeadLetterTopic.read(bootstrap,
                            config.kafka().deadLetterTopic(), l -> true).size() >= sent.size());

            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
            JsonNode exceptions = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID()
                            + "/exceptions")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(exceptions.path("exceptionHistory").path("entries")).as("job failures").isEmpty();

            Map<Long, String> refused = DeadLetterTopic.read(bootstrap, config.kafka().deadLetterTopic(), l -> true)
                    .stream().collect(Collectors.toMap(s -> s.letter().sourcePartition() * 1_000_000_000_000L
                            + s.letter().sourceOffset(), s -> s.letter().reason(), (a, b) -> a));
            Set<Long> stored = offsets(config, "conversation_events");
            Set<Long> duplicates = offsets(config, "ingest_duplicates");
            Set<String> codes = Arrays.stream(Reason.values()).map(Reason::code).collect(Collectors.toSet());
            for (Map.Entry<Long, Case> entry : sent.entrySet()) {
                Case c = entry.getValue();
                boolean isStored = stored.contains(entry.getKey());
                String reason = refused.get(entry.getKey());
                boolean isDuplicate = duplicates.contains(entry.getKey());
                assertThat((isStored ? 1 : 0) + (reason != null ? 1 : 0) + (isDuplicate ? 1 : 0))
                        .as("places of %s", c.name()).isEqualTo(1);
                if (c.name().startsWith("mutant")) {
                    assertThat(reason == null || codes.contains(reason)).as(c.name()).isTrue();
                } else if (c.expected() == null) {
                    assertThat(isStored).as("%s stored", c.name()).isTrue();
                } else {
                    assertThat(reason).as("reason of %s", c.name()).isEqualTo(c.expected().code());
                }
            }
            assertThat(sent).hasSize(corpus().size() + mutants);
            // letters keep the original bytes: carried, or (too large) in the payload store, checked on the way out
            int offloaded = 0;
            try (PayloadStore payloads = PayloadStore.open(config.payloads())) {
                for (DeadLetterTopic.Stored letter : DeadLetterTopic.read(bootstrap, config.kafka().deadLetterTopic(),
                        l -> l.sourceTopic() != null)) {
                    Case c = sent.get(letter.letter().sourcePartition() * 1_000_000_000_000L
                            + letter.letter().sourceOffset());
                    byte[] original = DlqCommand.originalValue(letter.letter(), payloads);
                    assertThat(original == null ? new byte[0] : original).as("value of %s", c.name())
                            .isEqualTo(c.value() == null ? new byte[0] : c.value());
                    offloaded += letter.letter().valueRef() != null ? 1 : 0;
                }
            }
            assertThat(offloaded).as("the 10 MB records' values are in the payload store").isPositive();

            StringWriter out = new StringWriter();
            int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("audit", "--bootstrap", bootstrap,
                    "--jdbc-url", config.serving().jdbcUrl());
            assertThat(out.toString()).contains("every record accounted for exactly once");
            assertThat(exit).isZero();
            job.cancel().get(60, TimeUnit.SECONDS);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Set<Long> offsets(IngestConfig config, String table) throws Exception {
        Set<Long> offsets = new java.util.HashSet<>();
        try (Connection connection = DriverManager.getConnection(config.serving().jdbcUrl(), config.serving().user(),
                config.serving().password());
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT source_partition, source_offset FROM " + table)) {
            while (rows.next()) {
                offsets.add(rows.getInt(1) * 1_000_000_000_000L + rows.getLong(2));
            }
        }
        return offsets;
    }

    private static String valid(String eventId, String text) {
        return "{\"event_id\":\"" + eventId + "\",\"tenant_id\":\"acme\",\"conversation_id\":\"c-bad\","
                + "\"type\":\"chat.message\",\"occurred_at\":\"2026-12-04T10:00:00Z\",\"channel\":\"web\","
                + "\"actor\":{\"role\":\"customer\",\"id\":\"u-1\"},\"payload\":{\"text\":\"" + text + "\"}}";
    }

    private static Case bad(String name, Reason reason, String json) {
        return new Case(name, KEY, json.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static Case with(String name, Reason reason, String from, String to) {
        String json = valid("e-" + name.replace(' ', '-'), "hello");
        assertThat(json).contains(from);
        return bad(name, reason, json.replace(from, to));
    }

    static List<Case> corpus() {
        byte[] invalidUtf8 = valid("e-utf8", "caf\u00e9").getBytes(StandardCharsets.UTF_8);
        int at = new String(invalidUtf8, StandardCharsets.ISO_8859_1).indexOf("caf") + 3;
        invalidUtf8[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        invalidUtf8[at + 1] = (byte) 0x28;
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        String tenMegabytes = "x".repeat(10 * 1024 * 1024);
        return List.of(
                new Case("empty value", KEY, new byte[0], Reason.MALFORMED_JSON),
                bad("truncated", Reason.MALFORMED_JSON, valid("e-trunc", "hi").substring(0, 40)),
                bad("array", Reason.MALFORMED_JSON, "[1, 2, 3]"),
                bad("number", Reason.MALFORMED_JSON, "42"),
                bad("null literal", Reason.MALFORMED_JSON, "null"),
                new Case("invalid utf-8", KEY, invalidUtf8, Reason.MALFORMED_JSON),
                bad("control character", Reason.MALFORMED_JSON, valid("e-ctl", "a\u0001b")),
                with("deep nesting", Reason.MALFORMED_JSON, "\"payload\":{", "\"payload\":{\"deep\":" + deep + ","),
                with("no event id", Reason.MISSING_FIELD, "\"event_id\":\"e-no-event-id\",", ""),
                with("no tenant", Reason.MISSING_FIELD, "\"tenant_id\":\"acme\",", ""),
                with("no conversation", Reason.MISSING_FIELD, "\"conversation_id\":\"c-bad\",", ""),
                with("no type", Reason.MISSING_FIELD, "\"type\":\"chat.message\",", ""),
                with("no time", Reason.MISSING_FIELD, "\"occurred_at\":\"2026-12-04T10:00:00Z\",", ""),
                with("null payload", Reason.MISSING_FIELD, "\"payload\":{\"text\":\"hello\"}", "\"payload\":null"),
                with("no payload", Reason.MISSING_FIELD, ",\"payload\":{\"text\":\"hello\"}", ""),
                with("bad tenant", Reason.INVALID_FIELD, "\"tenant_id\":\"acme\"", "\"tenant_id\":\"ac me\""),
                with("numeric event id", Reason.INVALID_FIELD, "\"event_id\":\"e-numeric-event-id\"", "\"event_id\":7"),
                with("seq zero", Reason.INVALID_FIELD, "\"type\":", "\"seq\":0,\"type\":"),
                with("negative seq", Reason.INVALID_FIELD, "\"type\":", "\"seq\":-5,\"type\":"),
                with("huge seq", Reason.INVALID_FIELD, "\"type\":", "\"seq\":123456789012345678901234567890,\"type\":"),
                with("fractional seq", Reason.INVALID_FIELD, "\"type\":", "\"seq\":1.5,\"type\":"),
                with("bad time", Reason.INVALID_FIELD, "2026-12-04T10:00:00Z", "yesterday"),
                with("bad role", Reason.INVALID_FIELD, "\"role\":\"customer\"", "\"role\":\"alien\""),
                with("string payload", Reason.INVALID_FIELD, "\"payload\":{\"text\":\"hello\"}", "\"payload\":\"hi\""),
                with("long conversation id", Reason.INVALID_FIELD, "\"conversation_id\":\"c-bad\"",
                        "\"conversation_id\":\"" + "c".repeat(200) + "\""),
                with("version zero", Reason.INVALID_FIELD, "\"type\":", "\"type_version\":0,\"type\":"),
                with("long channel", Reason.INVALID_FIELD, "\"channel\":\"web\"", "\"channel\":\"" + "w".repeat(100) + "\""),
                new Case("no key", null, valid("e-no-key", "hi").getBytes(StandardCharsets.UTF_8), Reason.KEY_MISMATCH),
                new Case("wrong key", "acme/c-other", valid("e-wrong-key", "hi").getBytes(StandardCharsets.UTF_8),
                        Reason.KEY_MISMATCH),
                with("unknown type", Reason.UNKNOWN_TYPE, "\"type\":\"chat.message\"", "\"type\":\"fax.message\""),
                with("unknown version", Reason.UNKNOWN_TYPE, "\"type\":", "\"type_version\":99,\"type\":"),
                with("numeric text", Reason.SCHEMA_VIOLATION, "\"text\":\"hello\"", "\"text\":42"),
                with("no text", Reason.SCHEMA_VIOLATION, "\"payload\":{\"text\":\"hello\"}", "\"payload\":{}"),
                with("huge sentiment", Reason.SCHEMA_VIOLATION, "\"text\":\"hello\"",
                        "\"text\":\"hello\",\"sentiment\":1e400"),
                with("ten megabytes", Reason.PAYLOAD_TOO_LARGE, "\"text\":\"hello\"", "\"text\":\"" + tenMegabytes + "\""),
                bad("good one", null, valid("e-good-1", "fine")),
                bad("good unicode", null, valid("e-good-2", "gr\u00fc\u00dfe \u2713 \\u0001 escaped")),
                with("good huge integer in payload", null, "\"text\":\"hello\"",
                        "\"text\":\"hello\",\"ref\":123456789012345678901234567890"));
    }

    /** A random corruption of a valid record: bytes flipped, cut, duplicated or removed, or a field retyped. */
    private static byte[] mutate(byte[] value, Random random) {
        byte[] out = value.clone();
        switch (random.nextInt(5)) {
            case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                int from = random.nextInt(out.length);
                int length = Math.min(out.length - from, 1 + random.nextInt(12));
                byte[] cut = new byte[out.length - length];
                System.arraycopy(out, 0, cut, 0, from);
                System.arraycopy(out, from + length, cut, from, out.length - from - length);
                out = cut;
            }
            case 3 -> {
                String text = new String(out, StandardCharsets.UTF_8);
                String[] fields = {"\"seq\":3,", "\"type_version\":\"1\",", "\"actor\":[],", "\"payload\":7,",
                    "\"occurred_at\":null,"};
                out = text.replaceFirst("\\{", "{" + fields[random.nextInt(fields.length)])
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                for (int i = 0; i < 3; i++) {
                    out[random.nextInt(out.length)] = (byte) (32 + random.nextInt(95));
                }
            }
        }
        return out;
    }
}
