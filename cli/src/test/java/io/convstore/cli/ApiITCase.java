package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.api.ApiServer;
import io.convstore.metadata.RegistryLoader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API against the real services and a running job: read-your-writes with tokens, pagination over a long
 * conversation both ways, compressed and offloaded payloads, tenant isolation, and bad input answered with 4xx
 * problems, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-04T09:00:00Z");

    private Path dir;
    private EmbeddedPipeline pipeline;
    private JobClient job;
    private ApiServer api;
    private String base;
    private String acme;
    private String globex;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        System.setProperty("convstore.home", home.toString());
        dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-api-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        pipeline = EmbeddedPipeline.start(dir.resolve("data"), EmbeddedPipeline.Lake.LOCAL_DIRECTORY,
                Map.of("convstore.checkpoint.interval", "1s"));
        job = pipeline.prepareJob().executeAsync("api-it");
        api = ApiServer.start(new ApiServer.Settings(pipeline.config.serving(),
                pipeline.sandbox.kafka().bootstrapServers(), pipeline.config.kafka().topic(),
                RegistryLoader.load(home.resolve("metadata")), pipeline.config.payloads(), "127.0.0.1", 0,
                16L * 1024 * 1024));
        base = "http://127.0.0.1:" + api.port();
        acme = ApiServer.createKey(pipeline.config.serving(), "acme");
        globex = ApiServer.createKey(pipeline.config.serving(), "globex");
    }

    @AfterAll
    void stop() throws Exception {
        if (api != null) {
            api.close();
        }
        if (job != null) {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        if (pipeline != null) {
            pipeline.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static ObjectNode envelope(String tenant, String conversation, long seq, String type,
            Map<String, Object> payload) {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", tenant + "-" + conversation + "-" + seq);
        e.put("tenant_id", tenant);
        e.put("conversation_id", conversation);
        e.put("type", type);
        e.put("seq", seq);
        e.put("occurred_at", T.plusMillis(seq * 10).toString());
        e.put("channel", "web");
        e.putObject("actor").put("role", seq % 2 == 0 ? "agent" : "customer").put("id", "u-1");
        e.set("payload", JSON.valueToTree(payload));
        return e;
    }

    private HttpResponse<String> post(String key, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String key, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String write(String key, JsonNode body) throws Exception {
        HttpResponse<String> response = post(key, "/v1/events", body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("consistency_token").asText();
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void readsItsOwnWriteAtOnce200TimesInARow() throws Exception {
        String token = null;
        for (int seq = 1; seq <= 200; seq++) {
            token = write(acme, envelope("acme", "rw-1", seq, "chat.message", Map.of("text", "m" + seq)));
            HttpResponse<String> read = get(acme, "/v1/conversations/rw-1/events?after_seq=" + (seq - 1)
                    + "&limit=5&min_token=" + q(token));
            assertThat(read.statusCode()).as("read %d: %s", seq, read.body()).isEqualTo(200);
            JsonNode events = JSON.readTree(read.body()).path("events");
            assertThat(events).as("read %d", seq).hasSize(1);
            assertThat(events.get(0).path("seq").asLong()).isEqualTo(seq);
            assertThat(events.get(0).path("payload").path("text").asText()).isEqualTo("m" + seq);
        }
        // the conversation's row too, with the last write's token
        JsonNode conversation = JSON.readTree(get(acme, "/v1/conversations/rw-1?min_token=" + q(token)).body());
        assertThat(conversation.path("conversation_id").asText()).isEqualTo("rw-1");
        assertThat(conversation.path("last_seq").asLong()).isEqualTo(200);
        // one session, nothing late: idle partitions (the other three) must not move event time to its end
        // (the session's KPIs are reported every 10 s; the 200 writes take longer than that)
        assertThat(conversation.path("status").asText()).isEqualTo("open");
        assertThat(conversation.path("session").path("start_seq").asLong()).isEqualTo(1);
        assertThat(conversation.path("kpis").path("late_events").asLong()).isZero();
    }

    @Test
    void pagesThroughTenThousandEventsForwardAndBackwardEachExactlyOnce() throws Exception {
        String token = null;
        for (int batch = 0; batch < 20; batch++) {
            ArrayNode events = JSON.createArrayNode();
            for (int i = 1; i <= 500; i++) {
                long seq = batch * 500L + i;
                events.add(envelope("acme", "long-1", seq, "chat.message", Map.of("text", "line " + seq)));
            }
            token = write(acme, events);
        }
        List<Long> forward = new ArrayList<>();
        String path = "/v1/conversations/long-1/events?limit=1000&wait_ms=10000&min_token=" + q(token);
        while (path != null) {
            JsonNode page = JSON.readTree(get(acme, path).body());
            page.path("events").forEach(e -> forward.add(e.path("seq").asLong()));
            path = page.path("next").isNull() ? null
                    : "/v1/conversations/long-1/events?limit=1000&cursor=" + q(page.path("next").asText());
        }
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= 10_000; seq++) {
            expected.add(seq);
        }
        assertThat(forward).containsExactlyElementsOf(expected);

        List<Long> backward = new ArrayList<>();
        path = "/v1/conversations/long-1/events?limit=700&before_seq=" + Long.MAX_VALUE / 10;
        while (path != null) {
            JsonNode page = JSON.readTree(get(acme, path).body());
            List<Long> seqs = new ArrayList<>();
            page.path("events").forEach(e -> seqs.add(e.path("seq").asLong()));
            assertThat(seqs).as("each page in seq order").isSorted();
            backward.addAll(0, seqs);
            path = page.path("next").isNull() ? null
                    : "/v1/conversations/long-1/events?limit=700&cursor=" + q(page.path("next").asText());
        }
        assertThat(backward).containsExactlyElementsOf(expected);
    }

    @Test
    void returnsCompressedAndOffloadedPayloadsExactly() throws Exception {
        String sixtyKb = "Grüße ✓ line of a long email body.\n".repeat(1_700);
        String fourHundredKb = "Transcript: speaker 1 said \"ok\" and ünïcödé.\n".repeat(9_000);
        ArrayNode events = JSON.createArrayNode();
        events.add(envelope("acme", "big-1", 1, "email.message", Map.of("subject", "s1", "body_text", sixtyKb)));
        events.add(envelope("acme", "big-1", 2, "email.message", Map.of("subject", "s2",
                "body_text", fourHundredKb)));
        String token = write(acme, events);
        JsonNode page = JSON.readTree(get(acme, "/v1/conversations/big-1/events?min_token=" + q(token)
                + "&wait_ms=10000").body());
        assertThat(page.path("events")).hasSize(2);
        assertThat(page.path("events").get(0).path("stored").asText()).isEqualTo("zstd");
        assertThat(page.path("events").get(1).path("stored").asText()).isEqualTo("offloaded");
        assertThat(page.path("events").get(0).path("payload")).isEqualTo(events.get(0).path("payload"));
        assertThat(page.path("events").get(1).path("payload").path("body_text").asText()).isEqualTo(fourHundredKb);
        assertThat(page.path("events").get(1).path("payload")).isEqualTo(events.get(1).path("payload"));
    }

    @Test
    void neverShowsOneTenantAnotherTenantsData() throws Exception {
        String token = write(acme, envelope("acme", "secret-1", 1, "chat.message", Map.of("text", "acme only")));
        assertThat(get(acme, "/v1/conversations/secret-1/events?min_token=" + q(token)).statusCode()).isEqualTo(200);

        assertThat(get(globex, "/v1/conversations/secret-1/events").statusCode()).isEqualTo(404);
        assertThat(get(globex, "/v1/conversations/secret-1").statusCode()).isEqualTo(404);
        HttpResponse<String> list = get(globex, "/v1/conversations?limit=1000");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("secret-1").doesNotContain("acme");
        assertThat(get(acme, "/v1/conversations?limit=1000&min_token=" + q(token)).body()).contains("secret-1");
        // writing into another tenant is refused, and nothing is written
        HttpResponse<String> refused = post(globex, "/v1/events",
                envelope("acme", "secret-1", 2, "chat.message", Map.of("text", "intruder")).toString());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).path("errors").get(0).path("reason").asText())
                .isEqualTo("forbidden_tenant");
    }

    @Test
    void answersBadInputWithAProblemNeverA500() throws Exception {
        String forged = "ct1." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("0:999999999999".getBytes(StandardCharsets.US_ASCII));
        Map<String, Integer> gets = Map.ofEntries(
                Map.entry("/v1/conversations/rw-x/events?cursor=" + q("%%%"), 400),
                Map.entry("/v1/conversations/rw-x/events?cursor=" + q("bm90IGEgY3Vyc29y"), 400),
                Map.entry("/v1/conversations/rw-x/events?limit=100000", 400),
                Map.entry("/v1/conversations/rw-x/events?limit=-1", 400),
                Map.entry("/v1/conversations/rw-x/events?after_seq=abc", 400),
                Map.entry("/v1/conversations/" + q("x' OR '1'='1") + "/events", 404),
                Map.entry("/v1/conversations/..%2F..%2Fetc%2Fpasswd/events", 404),
                Map.entry("/v1/conversations/" + "a".repeat(300), 404),
                Map.entry("/v1/conversations?status=deleted", 400),
                Map.entry("/v1/conversations?updated_since=yesterday", 400),
                Map.entry("/v1/conversations/rw-x/events?min_token=garbage", 400),
                Map.entry("/v1/conversations/rw-x/events?min_token=" + q(forged) + "&wait_ms=0", 409),
                Map.entry("/v1/conversations/rw-x/events?wait_ms=soon&min_token=" + q(forged), 400),
                Map.entry("/v1/nothing-here", 404));
        for (Map.Entry<String, Integer> request : gets.entrySet()) {
            HttpResponse<String> response = get(acme, request.getKey());
            assertThat(response.statusCode()).as("GET %s: %s", request.getKey(), response.body())
                    .isEqualTo(request.getValue());
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(request.getKey())
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(request.getValue());
        }
        assertThat(get(null, "/v1/conversations").statusCode()).isEqualTo(401);
        assertThat(get("csk_0000000000000000_" + "A".repeat(43), "/v1/conversations").statusCode()).isEqualTo(401);
        assertThat(post(acme, "/v1/events", "{not json").statusCode()).isEqualTo(400);
        assertThat(post(acme, "/v1/events", "[]").statusCode()).isEqualTo(400);
        assertThat(post(acme, "/v1/events", "42").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post(acme, "/v1/events",
                envelope("acme", "u-1", 1, "fax.message", Map.of("text", "?")).toString());
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unknown.body()).path("errors").get(0).path("reason").asText())
                .isEqualTo("unknown_type");
        HttpResponse<String> huge = post(acme, "/v1/events", "[" + "\"x\",".repeat(4_500_000) + "\"x\"]");
        assertThat(huge.statusCode()).isEqualTo(413);

        JsonNode openApi = JSON.readTree(get(null, "/openapi.json").body());
        assertThat(openApi.path("paths").has("/v1/conversations/{id}/events")).isTrue();
        assertThat(get(null, "/metrics").body()).contains("convstore_api_requests");
    }

    @Test
    void producePrintsTheTokensTheApiReadsWith() throws Exception {
        Path file = dir.resolve("produce.jsonl");
        Files.writeString(file, envelope("acme", "cli-1", 1, "chat.message", Map.of("text", "from a file")) + "\n"
                + envelope("acme", "cli-1", 2, "chat.message", Map.of("text", "and another")) + "\n");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream console = System.out;
        System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.commandLine().execute("produce", "--bootstrap", pipeline.sandbox.kafka().bootstrapServers(),
                    "--file", file.toString(), "--topic", pipeline.config.kafka().topic(), "--tokens");
        } finally {
            System.setOut(console);
        }
        assertThat(exit).isZero();
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.subList(0, 2)).allSatisfy(line -> assertThat(line).startsWith("ct1."));
        String token = lines.stream().filter(l -> l.startsWith("consistency token: ")).findFirst().orElseThrow()
                .substring("consistency token: ".length());
        JsonNode page = JSON.readTree(get(acme, "/v1/conversations/cli-1/events?min_token=" + q(token)
                + "&wait_ms=10000").body());
        assertThat(page.path("events")).extracting(e -> e.path("payload").path("text").asText())
                .containsExactly("from a file", "and another");
        // each record's own token works as well
        assertThat(get(acme, "/v1/conversations/cli-1/events?min_token=" + q(lines.get(1))).statusCode())
                .isEqualTo(200);
    }
}
