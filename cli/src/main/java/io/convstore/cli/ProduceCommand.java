package io.convstore.cli;

import io.convstore.api.Tokens;
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

    @Option(names = "--tokens", description = "Print each record's consistency token (for the API's min_token), "
            + "one line per record.")
    boolean eachToken;

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
            List<Tokens.Position> positions = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                RecordMetadata written = acks.get(i).get();
                Tokens.Position position = new Tokens.Position(written.partition(), written.offset());
                positions.add(position);
                if (eachToken) {
                    System.out.println(Tokens.encode(List.of(position)));
                }
                keyless += lines.get(i).key() == null ? 1 : 0;
            }
            System.out.printf("produced %d records from %s to %s at %s%s%n", lines.size(), file, topic, bootstrap,
                    keyless == 0 ? "" : " (" + keyless + " without a key: they are not envelopes and will be "
                            + "dead-lettered)");
            if (positions.size() <= Tokens.MAX_POSITIONS) {
                // the same token the API answers a write with: a read with min_token waits until all are visible
                System.out.println("consistency token: " + Tokens.encode(positions));
            }
        }
        return 0;
    }
}
