package io.convstore.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./convstore produce}: publish a file of envelopes to any Kafka cluster, keyed as the pipeline expects. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Publish a file of event envelopes (one JSON per line) to a Kafka topic, keyed "
                + "<tenant_id>/<conversation_id>.")
final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "Envelopes, one per line.")
    Path file;

    @Option(names = "--topic", defaultValue = "conversation-events", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--key-separator", paramLabel = "SEP",
            description = "Each line is 'key SEP value' instead of a bare envelope.")
    String keySeparator;

    @Override
    public Integer call() throws Exception {
        List<EnvelopeFile.Line> lines = EnvelopeFile.read(file, keySeparator);
        List<Future<RecordMetadata>> acks = new ArrayList<>(lines.size());
        try (Publisher publisher = new Publisher(bootstrap, topic)) {
            for (EnvelopeFile.Line line : lines) {
                acks.add(publisher.send(line.key(), line.value()));
            }
            publisher.flush();
            int keyless = 0;
            for (int i = 0; i < lines.size(); i++) {
                acks.get(i).get();
                keyless += lines.get(i).key() == null ? 1 : 0;
            }
            System.out.printf("produced %d records from %s to %s at %s%s%n", lines.size(), file, topic, bootstrap,
                    keyless == 0 ? "" : " (" + keyless + " without a key: they are not envelopes and will be "
                            + "dead-lettered)");
        }
        return 0;
    }
}
