package io.convstore.sandbox;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined controller and broker) running in this JVM. Both listeners bind
 * to 127.0.0.1 on free ports (Kafka's own test kit binds the wildcard address, which this sandbox must not).
 * Started by {@link #start(Path)}, stopped by {@link #close()}.
 */
public final class KafkaBroker implements AutoCloseable {
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean deleteOnClose;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, boolean deleteOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Starts a broker whose log lives under {@code baseDir} (a fresh temporary directory, deleted on close, when
     * null).
     */
    public static KafkaBroker start(Path baseDir) throws Exception {
        Path logDir = baseDir != null ? baseDir : Files.createTempDirectory("convstore-kafka-");
        Files.createDirectories(logDir);
        int brokerPort = Ports.free();
        int controllerPort = Ports.free();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "4");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("message.max.bytes", Integer.toString(16 * 1024 * 1024));
        KafkaConfig config = new KafkaConfig(props);
        // the formatter reports to a print stream; `convstore local` keeps stdout for its JSON summary
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .setIgnoreFormatted(true)
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(server, "127.0.0.1:" + brokerPort, logDir, baseDir == null);
        try {
            broker.awaitGroupCoordinator();
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics that do not exist yet, with the given partition count and replication factor 1. */
    public void createTopics(int partitions, String... topics) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = java.util.Arrays.stream(topics)
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitions, (short) 1)
                            .configs(Map.of("max.message.bytes", Integer.toString(16 * 1024 * 1024))))
                    .collect(Collectors.toList());
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /**
     * The group coordinator answers some time after the broker reports ready; a Flink job that commits offsets
     * before that logs CoordinatorNotAvailableException. Wait for it once, here.
     */
    private void awaitGroupCoordinator() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.listConsumerGroupOffsets("convstore-sandbox-probe").partitionsToOffsetAndMetadata()
                            .get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka group coordinator did not come up in 60 s", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            try (var files = Files.walk(logDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
