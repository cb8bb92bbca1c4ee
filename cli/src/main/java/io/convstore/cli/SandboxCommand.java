package io.convstore.cli;

import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.S3Server;
import io.convstore.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./convstore sandbox}: the services a cluster deployment needs, on this machine — Kafka, PostgreSQL and
 * the S3 server — in the foreground until Ctrl-C, with a {@code job.yaml} that points the ingest job at them. With
 * {@code cluster start} and {@code submit} this is the whole job on a real Flink cluster, without any setup by hand.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run Kafka, PostgreSQL and the S3 server until Ctrl-C and write job.yaml for "
                + "./convstore submit (the services a cluster deployment talks to, on this machine).")
final class SandboxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the services keep their data "
            + "(default: ./.convstore/sandbox).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Home.root().resolve(".convstore/sandbox");
        PrintWriter out = spec.commandLine().getOut();
        Sandbox sandbox = Sandbox.start(dir, Postgres.Durability.DURABLE);
        // Ctrl-C: the services stop in the shutdown hook, so no PostgreSQL server is left behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sandbox.close();
            } catch (Exception e) {
                System.err.println("convstore: stopping the services failed: " + e.getMessage());
            }
        }, "convstore-sandbox-stop"));
        sandbox.kafka().createTopics(EmbeddedPipeline.PARTITIONS, "conversation-events", "conversation-events.dlq");
        Map<String, String> options = EmbeddedPipeline.sandboxOptions(sandbox, dir, EmbeddedPipeline.Lake.S3);
        Path jobYaml = dir.resolve("job.yaml");
        Files.writeString(jobYaml, options.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "# job options for ./convstore submit --config (written by "
                        + "./convstore sandbox; valid while it runs)\n", "\n")));
        out.printf("Kafka %s | PostgreSQL %s | S3 %s (bucket %s)%n", sandbox.kafka().bootstrapServers(),
                sandbox.postgres().jdbcUrl(), sandbox.s3().endpoint(), Sandbox.LAKE_BUCKET);
        out.printf("job options in %s. In another terminal:%n", jobYaml);
        out.printf("  ./convstore cluster start --s3-endpoint %s --s3-access-key %s --s3-secret-key %s%n",
                sandbox.s3().endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        out.printf("  ./convstore submit --config %s%n", jobYaml);
        out.printf("  ./convstore generate --bootstrap %s --rate 100 --duration 60s%n",
                sandbox.kafka().bootstrapServers());
        out.printf("Ctrl-C stops the services.%n");
        out.flush();
        Thread.currentThread().join();
        return 0;
    }
}
