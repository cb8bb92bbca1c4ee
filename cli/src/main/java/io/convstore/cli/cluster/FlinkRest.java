package io.convstore.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operations convstore needs from any Flink 2.x cluster, over its REST API (the same one the web UI uses): the
 * overview, its configuration, jobs and their checkpoints and failures, savepoints, stop with a savepoint, cancel
 * (submission goes through Flink's CLI frontend: {@link ProgramSubmission}). Errors carry Flink's own causes.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http;

    public FlinkRest(String address) {
        this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String address() {
        return base;
    }

    /** A job as {@code /jobs/overview} lists it. */
    public record Job(String id, String name, String state, long startTime) {}

    /** The cluster overview: TaskManagers, slots, job counts. */
    public JsonNode overview() throws IOException {
        return get("/overview");
    }

    /** The cluster's own configuration (what its config.yaml says). */
    public Map<String, String> clusterSettings() throws IOException {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (JsonNode entry : get("/jobmanager/config")) {
            settings.put(entry.path("key").asText(), entry.path("value").asText());
        }
        return settings;
    }

    public List<Job> jobs() throws IOException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText(),
                    job.path("start-time").asLong()));
        }
        return jobs;
    }

    public JsonNode job(String jobId) throws IOException {
        return get("/jobs/" + jobId);
    }

    /** How many failures (restarts) the job has had, from its exception history. */
    public int failures(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/exceptions?maxExceptions=1000").path("exceptionHistory").path("entries")
                .size();
    }

    public JsonNode checkpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** Triggers a savepoint (or stop-with-savepoint) and waits until it completes; returns its location. */
    public String savepoint(String jobId, String targetDirectory, boolean stop, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        String path;
        if (stop) {
            path = "/jobs/" + jobId + "/stop";
            if (targetDirectory != null) {
                body.put("targetDirectory", targetDirectory);
            }
            body.put("drain", false);
        } else {
            path = "/jobs/" + jobId + "/savepoints";
            if (targetDirectory != null) {
                body.put("target-directory", targetDirectory);
            }
            body.put("cancel-job", false);
        }
        String trigger = post(path, body, Duration.ofSeconds(30)).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException("savepoint of job " + jobId + " failed: "
                            + operation.path("failure-cause").path("stack-trace").asText()
                                    .lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse("(no cause)"));
                }
                return operation.path("location").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("savepoint of job " + jobId + " not complete after " + timeout);
            }
            Thread.sleep(500);
        }
    }

    public void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", BodyPublishers.noBody()).build(), "cancel " + jobId);
    }

    private JsonNode get(String path) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                "GET " + path);
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)).build(),
                "POST " + path);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        String text;
        int status;
        try {
            var response = http.send(request, BodyHandlers.ofString());
            text = response.body();
            status = response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("no Flink REST endpoint at " + base + " (" + what + "); is the cluster running? "
                    + "./convstore cluster status", e);
        }
        JsonNode json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        if (status >= 300) {
            List<String> errors = new ArrayList<>();
            json.path("errors").forEach(error -> errors.add(error.asText()));
            throw new IOException(what + " → HTTP " + status + ": " + causes(String.join("\n", errors)));
        }
        return json;
    }

    /** Flink's error text without stack frames: its first line and the innermost causes, which say what failed. */
    static String causes(String text) {
        List<String> lines = text.lines().filter(line -> !line.startsWith("\tat ") && !line.isBlank()
                && !line.strip().matches("\\.\\.\\. \\d+ more")).toList();
        List<String> causes = lines.stream().filter(line -> line.startsWith("Caused by: ")).toList();
        List<String> picked = new ArrayList<>(lines.stream().limit(1).toList());
        picked.addAll(causes.subList(Math.max(0, causes.size() - 2), causes.size()));
        return picked.isEmpty() ? "(no message)" : String.join("\n", picked);
    }
}
