package io.convstore.cli;

import io.convstore.api.ApiServer;
import io.convstore.connectors.serving.ServingSettings;
import io.convstore.metadata.RegistryLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./convstore api}: the HTTP API in front of the pipeline, and {@code api keys} to manage its keys. */
@Command(name = "api", mixinStandardHelpOptions = true, subcommands = ApiCommand.Keys.class,
        description = "Serve the HTTP API (writes with consistency tokens, paged reads, read-your-writes).")
final class ApiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServingStoreOptions store;

    @Mixin
    S3Options payloadStore;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka cluster.")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "conversation-events", description = "Input topic (default: "
            + "${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--metadata-dir", paramLabel = "DIR", description = "The job's metadata directory (default: "
            + "metadata/ of this checkout).")
    Path metadataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        try (ApiServer server = ApiServer.start(settings(store, bootstrap, topic, metadataDir, payloadStore, host,
                port))) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("convstore API on http://%s:%d (OpenAPI: /openapi.json); Ctrl-C stops it%n", host,
                    server.port());
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    static ApiServer.Settings settings(ServingStoreOptions store, String bootstrap, String topic, Path metadataDir,
            S3Options payloads, String host, int port) throws Exception {
        Path metadata = metadataDir != null ? metadataDir : Home.root().resolve("metadata");
        return new ApiServer.Settings(serving(store), bootstrap, topic, RegistryLoader.load(metadata),
                payloads.settings(), host, port, 16L * 1024 * 1024);
    }

    static ServingSettings serving(ServingStoreOptions store) {
        return new ServingSettings(store.jdbcUrl, store.user, store.password, Duration.ofMillis(200), 1000, 0);
    }

    /** {@code ./convstore api keys create|list|revoke}. */
    @Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
            subcommands = {Keys.Create.class, Keys.ListKeys.class, Keys.Revoke.class})
    static final class Keys implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create a key for a tenant and print it (the only time it is shown).")
        static final class Create implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Mixin
            ServingStoreOptions store;

            @Option(names = "--tenant", required = true, description = "Tenant id.")
            String tenant;

            @Override
            public Integer call() throws Exception {
                spec.commandLine().getOut().println(ApiServer.createKey(serving(store), tenant));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
        static final class ListKeys implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Mixin
            ServingStoreOptions store;

            @Option(names = "--tenant", description = "Only this tenant.")
            String tenant;

            @Override
            public Integer call() throws Exception {
                ApiServer.listKeys(serving(store), tenant).forEach(spec.commandLine().getOut()::println);
                spec.commandLine().getOut().flush();
                return 0;
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key at once.")
        static final class Revoke implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Mixin
            ServingStoreOptions store;

            @Option(names = "--tenant", required = true, description = "Tenant id.")
            String tenant;

            @Option(names = "--key-id", required = true, description = "The key's id (from list).")
            String keyId;

            @Override
            public Integer call() throws Exception {
                boolean revoked = ApiServer.revokeKey(serving(store), tenant, keyId);
                spec.commandLine().getOut().println(revoked ? "revoked " + keyId : "no active key " + keyId
                        + " of tenant " + tenant);
                spec.commandLine().getOut().flush();
                return revoked ? 0 : 1;
            }
        }
    }
}
