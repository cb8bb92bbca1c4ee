package io.convstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.api.ApiServer;
import io.convstore.bench.TrafficGenerator;
import io.convstore.bench.TrafficSettings;
import io.convstore.metadata.RegistryLoader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code ./convstore bench api}: latency through the HTTP API while the job ingests generated traffic. One client
 * writes an event and reads it back with the write's consistency token (write → readable: from sending the write
 * to the answer that contains it), then reads a page of 50 events of a 500-event conversation (page read), in a
 * loop; meanwhile generated traffic flows into Kafka at a fixed rate.
 */
final class ApiBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiBench() {}

    static Map<String, Object> run(Path dir, int rate, int seconds, String run, Consumer<String> say)
            throws Exception {
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir, EmbeddedPipeline.Lake.LOCAL_DIRECTORY,
                Map.of())) {
            JobClient job = pipeline.prepareJob().executeAsync("convstore-bench-api");
            try (ApiServer api = ApiServer.start(new ApiServer.Settings(pipeline.config.serving(),
                    pipeline.sandbox.kafka().bootstrapServers(), pipeline.config.kafka().topic(),
                    RegistryLoader.load(pipeline.config.metadataDir()), pipeline.config.payloads(), "127.0.0.1", 0,
                    16L * 1024 * 1024))) {
                String key = ApiServer.createKey(pipeline.config.serving(), "bench");
                Client client = new Client("http://127.0.0.1:" + api.port(), key);
                // a long conversation to page through
                for (int batch = 0; batch < 5; batch++) {
                    StringBuilder events = new StringBuilder("[");
                    for (int i = 1; i <= 100; i++) {
                        long seq = batch * 100L + i;
                        events.append(seq == batch * 100L + 1 ? "" : ",").append(envelope(run + "-long", seq,
                                "page line " + seq));
                    }
                    client.await(client.write(events.append("]").toString()));
                }
                say.accept(String.format("api: write→read and page reads for %d s while %d records/s flow in", seconds,
                        rate));
                AtomicBoolean stop = new AtomicBoolean();
                Thread load = new Thread(() -> {
                    TrafficGenerator traffic = new TrafficGenerator(TrafficSettings.defaults(44L, run)
                            .withConversations(10_000));
                    try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                            pipeline.config.kafka().topic())) {
                        OpenLoop.run(traffic, publisher, rate, Duration.ofSeconds(seconds), Duration.ofSeconds(10),
                                (s, sent) -> { }, record -> { });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        stop.set(true);
                    }
                }, "bench-api-load");
                load.start();
                List<Double> writeToReadable = new ArrayList<>();
                List<Double> pages = new ArrayList<>();
                int notYet = 0;
                long seq = 0;
                while (!stop.get()) {
                    seq++;
                    long start = System.nanoTime();
                    String token = client.write(envelope(run + "-rw", seq, "hello " + seq));
                    HttpResponse<String> read = client.get("/v1/conversations/" + run + "-rw/events?after_seq="
                            + (seq - 1) + "&limit=1&wait_ms=10000&min_token=" + q(token));
                    if (read.statusCode() == 200) {
                        writeToReadable.add((System.nanoTime() - start) / 1e6);
                    } else {
                        notYet++;
                    }
                    long pageStart = System.nanoTime();
                    HttpResponse<String> page = client.get("/v1/conversations/" + run + "-long/events?limit=50"
                            + "&after_seq=" + (seq * 37 % 450));
                    if (page.statusCode() == 200) {
                        pages.add((System.nanoTime() - pageStart) / 1e6);
                    }
                }
                load.join();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("background_records_per_second", rate);
                result.put("seconds", seconds);
                result.put("write_to_readable_ms", FullBenchmark.percentiles(writeToReadable));
                result.put("page_read_ms", FullBenchmark.percentiles(pages));
                result.put("reads_not_visible_within_10s", notYet);
                return result;
            } finally {
                job.cancel().get();
            }
        }
    }

    private static String envelope(String conversation, long seq, String text) {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", conversation + "-" + seq);
        e.put("tenant_id", "bench");
        e.put("conversation_id", conversation);
        e.put("type", "chat.message");
        e.put("seq", seq);
        e.put("occurred_at", Instant.now().toString());
        e.putObject("actor").put("role", "customer").put("id", "u-1");
        e.putObject("payload").put("text", text);
        return e.toString();
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private record Client(String base, String key) {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        String write(String body) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("write refused: " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            return answer.path("consistency_token").asText();
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        void await(String token) throws Exception {
            HttpResponse<String> response = get("/v1/conversations?limit=1&wait_ms=10000&min_token=" + q(token));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("not visible: " + response.body());
            }
        }
    }
}
