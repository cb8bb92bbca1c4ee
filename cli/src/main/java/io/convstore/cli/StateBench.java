package io.convstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.event.Envelope;
import io.convstore.jobs.IngestConfig;
import io.convstore.sandbox.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;

/**
 * {@code ./convstore bench state}: keyed state and checkpoints with many open conversations. Fills the topic with
 * {@code conversations} conversations of two events each (a customer message and an agent reply; none closed, so
 * every session stays open), runs the job on a given state backend until it has read them all, waits for two more
 * checkpoints and reads their statistics from the MiniCluster's REST API: full state size and checkpointed
 * (incremental) size per operator, and checkpoint duration. State per open conversation is the order and session
 * operators' state divided by the conversations.
 */
final class StateBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateBench() {}

    /** @param backend {@code rocksdb} (incremental checkpoints) or {@code hashmap} */
    static Map<String, Object> run(Path dir, int conversations, String backend, String run,
            java.util.function.Consumer<String> say) throws Exception {
        int restPort = Ports.free();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("state.backend.type", backend);
        options.put("execution.checkpointing.incremental", Boolean.toString(backend.equals("rocksdb")));
        options.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        options.put("convstore.lake.enabled", "false");
        options.put("convstore.kafka.curated.enabled", "false");
        options.put("convstore.checkpoint.interval", "10s");
        options.put("rest.port", Integer.toString(restPort));
        options.put("rest.bind-port", Integer.toString(restPort));
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("data"),
                EmbeddedPipeline.Lake.LOCAL_DIRECTORY, options)) {
            say.accept(String.format("state: producing %,d conversations x 2 events", conversations));
            Instant start = Instant.now();
            try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                    pipeline.config.kafka().topic())) {
                for (int i = 0; i < conversations; i++) {
                    String tenant = "tenant-" + (i % 50);
                    String conversation = run + "-" + i;
                    Instant at = start.plusMillis(i % 60_000);
                    for (int seq = 1; seq <= 2; seq++) {
                        Envelope envelope = new Envelope(conversation + "-e" + seq, tenant, conversation,
                                "chat.message", null, (long) seq, at.plusSeconds(seq), "web",
                                seq == 1 ? "customer" : "agent", "u-" + (i % 1000),
                                Map.of("text", seq == 1 ? "Where is my order " + i + "?" : "On its way."));
                        publisher.send(envelope.keyBytes(), envelope.toJsonBytes());
                    }
                }
                publisher.flush();
            }
            IngestConfig config = pipeline.config;
            say.accept("state: running the job on " + backend);
            JobClient job = EmbeddedPipeline.prepareJob(config).executeAsync("convstore-bench-state");
            try {
                long readStart = System.nanoTime();
                pipeline.probe().awaitCaughtUp(Duration.ofMinutes(20));
                double readSeconds = (System.nanoTime() - readStart) / 1e9;
                long completed = completed(restPort, job);
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (completed(restPort, job) < completed + 2 && System.nanoTime() < deadline) {
                    Thread.sleep(1_000);
                }
                Map<String, Object> result = checkpointStats(restPort, job, conversations);
                result.put("backend", backend);
                result.put("incremental", backend.equals("rocksdb"));
                result.put("conversations_open", conversations);
                result.put("events", 2L * conversations);
                result.put("seconds_to_read_all", Math.round(readSeconds * 10) / 10.0);
                return result;
            } finally {
                job.cancel().get();
            }
        }
    }

    private static long completed(int restPort, JobClient job) throws Exception {
        return get(restPort, "/jobs/" + job.getJobID() + "/checkpoints").path("counts").path("completed").asLong();
    }

    private static Map<String, Object> checkpointStats(int restPort, JobClient job, int conversations)
            throws Exception {
        String jobPath = "/jobs/" + job.getJobID();
        JsonNode latest = get(restPort, jobPath + "/checkpoints").path("latest").path("completed");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("checkpoint_id", latest.path("id").asLong());
        result.put("state_bytes", latest.path("state_size").asLong());
        result.put("checkpointed_bytes", latest.path("checkpointed_size").asLong());
        result.put("checkpoint_duration_ms", latest.path("end_to_end_duration").asLong());
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode vertex : get(restPort, jobPath).path("vertices")) {
            names.put(vertex.path("id").asText(), vertex.path("name").asText());
        }
        JsonNode details = get(restPort, jobPath + "/checkpoints/details/" + latest.path("id").asLong());
        Map<String, Object> operators = new LinkedHashMap<>();
        long keyed = 0;
        var tasks = details.path("tasks").properties();
        for (Map.Entry<String, JsonNode> task : tasks) {
            String name = names.getOrDefault(task.getKey(), task.getKey());
            long size = task.getValue().path("state_size").asLong();
            operators.put(name, Map.of("state_bytes", size, "checkpointed_bytes",
                    task.getValue().path("checkpointed_size").asLong(), "duration_ms",
                    task.getValue().path("end_to_end_duration").asLong()));
            if (name.contains("order: per conversation") || name.contains("session: per conversation")) {
                keyed += size;
            }
        }
        result.put("operators", operators);
        result.put("order_and_session_state_bytes", keyed);
        result.put("bytes_per_open_conversation", Math.round((double) keyed / conversations * 10) / 10.0);
        return result;
    }

    private static JsonNode get(int restPort, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
