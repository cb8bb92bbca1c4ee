package io.convstore.cli.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Submits a job jar the way {@code flink run -d} does: Flink's own CLI frontend, in a JVM of its own on the
 * distribution's classpath, runs the jar's {@code main} (which prepares the stores) and sends the job graph and jar
 * to the cluster over REST. Not the REST API's {@code /jars/:id/run}: that runs {@code main} inside the JobManager,
 * and each run leaves the jar's classes in its metaspace (Kafka, Iceberg and AWS clients keep threads and caches that
 * pin the class loader) — after a handful of upgrades the JobManager died of {@code OutOfMemoryError: Metaspace} on
 * this machine. Here {@code main} runs where the operator runs the command, so it must reach Kafka, PostgreSQL and S3.
 */
public final class ProgramSubmission {
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private ProgramSubmission() {}

    /** What the job is to start from and with. */
    public record Request(Path jar, List<String> args, Integer parallelism, String savepoint,
            boolean allowNonRestoredState) {}

    /** Submits and returns the new job's id; a refusal is an error carrying Flink's innermost causes. */
    public static String submit(FlinkRest rest, FlinkDistribution flink, Path log4j, Request request)
            throws IOException, InterruptedException {
        Path conf = Files.createTempDirectory("convstore-submit-");
        try {
            URI address = URI.create(rest.address());
            StringBuilder yaml = new StringBuilder();
            yaml.append("rest.address: ").append(address.getHost()).append('\n');
            yaml.append("rest.port: ").append(address.getPort()).append('\n');
            // the cluster's convstore.* settings are the job's defaults, as if main ran there; the arguments win
            rest.clusterSettings().forEach((key, value) -> {
                if (key.startsWith("convstore.")) {
                    yaml.append(key).append(": '").append(value.replace("'", "''")).append("'\n");
                }
            });
            Files.writeString(conf.resolve("config.yaml"), yaml);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(LocalCluster.JAVA_17_OPTS);
            command.add("-Dlog.file=" + conf.resolve("client.log"));
            command.add("-Dlog4j.configurationFile=file:" + log4j.toAbsolutePath());
            command.add("-classpath");
            command.add(flink.classpath());
            command.add("org.apache.flink.client.cli.CliFrontend");
            command.add("run");
            command.add("--detached");
            if (request.parallelism() != null) {
                command.add("--parallelism");
                command.add(request.parallelism().toString());
            }
            if (request.savepoint() != null) {
                command.add("--fromSavepoint");
                command.add(request.savepoint());
                if (request.allowNonRestoredState()) {
                    command.add("--allowNonRestoredState");
                }
            }
            command.add(request.jar().toAbsolutePath().toString());
            command.addAll(request.args());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("FLINK_CONF_DIR", conf.toString());
            builder.environment().put("FLINK_PLUGINS_DIR", flink.pluginsDir().toAbsolutePath().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("flink run did not finish in 10 minutes");
            }
            Matcher id = JOB_ID.matcher(output);
            if (process.exitValue() != 0 || !id.find()) {
                throw new IOException("the cluster did not take the job: " + FlinkRest.causes(output));
            }
            return id.group(1);
        } finally {
            try (Stream<Path> files = Files.walk(conf)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
