package io.convstore.cli;

import io.convstore.bench.TrafficGenerator;
import io.convstore.bench.TrafficSettings;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./convstore generate}: realistic, deterministic traffic (see {@link TrafficGenerator}) to a file or,
 * open loop at a target rate, to a Kafka topic.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate realistic conversation traffic (deterministic for a seed): to a file, or to Kafka "
                + "at a target rate (open loop).")
final class GenerateCommand implements Callable<Integer> {
    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--output", paramLabel = "FILE",
                description = "Write 'key<TAB>value' lines (read them with ./convstore local --key-separator $'\\t').")
        Path output;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Publish to this Kafka cluster.")
        String bootstrap;
    }

    @Option(names = "--count", defaultValue = "10000", description = "Records to write to a file (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--rate", defaultValue = "1000", description = "Records per second to Kafka (default: ${DEFAULT-VALUE}).")
    int rate;

    @Mixin
    BurstOptions bursts;

    @Option(names = "--duration", defaultValue = "60s", description = "How long to publish to Kafka (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--topic", defaultValue = "conversation-events", description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--conversations", defaultValue = "100000",
            description = "Conversations open at once (default: ${DEFAULT-VALUE}).")
    int conversations;

    @Option(names = "--tenants", defaultValue = "50", description = "Tenants (default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(names = "--zipf", defaultValue = "1.1", description = "Skew of tenant activity (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--duplicates", defaultValue = "0.01", description = "Share of re-sent records (default: ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(names = "--out-of-order", defaultValue = "0.02", description = "Share of swapped events (default: ${DEFAULT-VALUE}).")
    double outOfOrder;

    @Option(names = "--bad", defaultValue = "0.003", description = "Share of broken records (default: ${DEFAULT-VALUE}).")
    double bad;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        TrafficSettings settings = TrafficSettings.defaults(seed, "g" + seed).withConversations(conversations)
                .withTenants(tenants, zipf).withFaults(duplicates, outOfOrder, bad);
        TrafficGenerator generator = new TrafficGenerator(settings);
        Map<TrafficGenerator.Kind, Long> kinds = new EnumMap<>(TrafficGenerator.Kind.class);
        long written = target.output != null ? toFile(generator, kinds) : toKafka(generator, kinds);
        System.out.printf("generated %,d records (%s)%n", written, kinds);
        return 0;
    }

    private long toFile(TrafficGenerator generator, Map<TrafficGenerator.Kind, Long> kinds) throws Exception {
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(target.output, StandardCharsets.UTF_8)) {
            while (written < count) {
                for (TrafficGenerator.Generated record : generator.next()) {
                    out.write(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
                    out.write('\t');
                    out.write(new String(record.value(), StandardCharsets.UTF_8));
                    out.write('\n');
                    kinds.merge(record.kind(), 1L, Long::sum);
                    written++;
                }
            }
        }
        return written;
    }

    private long toKafka(TrafficGenerator generator, Map<TrafficGenerator.Kind, Long> kinds) throws Exception {
        try (Publisher publisher = new Publisher(target.bootstrap, topic)) {
            return OpenLoop.run(generator, publisher, rate, bursts.bursts(), TimeUtils.parseDuration(duration),
                    Duration.ofSeconds(5), (seconds, sent) -> System.out.printf("[%5.1fs] sent %,d%n", seconds, sent),
                    record -> kinds.merge(record.kind(), 1L, Long::sum));
        }
    }
}
