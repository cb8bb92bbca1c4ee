package io.convstore.cli;

import io.convstore.connectors.kafka.DeadLetterTopic;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.event.DeadLetter;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./convstore dlq list|replay}: what was refused and why, and sending it through again once fixed. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "See and replay dead letters.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class})
final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which dead letters a command works on. */
    static final class Selection {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka cluster.")
        String bootstrap;

        @Option(names = "--dlq-topic", defaultValue = "conversation-events.dlq", description = "Dead-letter topic "
                + "(default: ${DEFAULT-VALUE}).")
        String dlqTopic;

        @Option(names = "--reason", description = "Only this reason code, e.g. unknown_type.")
        String reason;

        @Option(names = "--tenant", description = "Only this tenant.")
        String tenant;

        @Option(names = "--since", description = "Only letters refused at or after this ISO-8601 instant, e.g. "
                + "2026-12-04T10:00:00Z.")
        String since;

        List<DeadLetterTopic.Stored> read() {
            return DeadLetterTopic.read(bootstrap, dlqTopic, filter());
        }

        Predicate<DeadLetter> filter() {
            long sinceMillis;
            try {
                sinceMillis = since == null ? Long.MIN_VALUE : Instant.parse(since).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--since must be an ISO-8601 instant such as "
                        + "2026-12-04T10:00:00Z, was '" + since + "'");
            }
            return letter -> (reason == null || reason.equals(letter.reason()))
                    && (tenant == null || tenant.equals(letter.tenantId()))
                    && letter.refusedAtMillis() >= sinceMillis;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List dead letters (one line each) and a count per reason.")
    static final class ListLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        @Option(names = "--limit", defaultValue = "100", description = "Most lines to print (default: "
                + "${DEFAULT-VALUE}); the counts cover all.")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<DeadLetterTopic.Stored> letters = selection.read();
            Map<String, Integer> perReason = new TreeMap<>();
            int printed = 0;
            for (DeadLetterTopic.Stored stored : letters) {
                DeadLetter letter = stored.letter();
                perReason.merge(letter.reason(), 1, Integer::sum);
                if (printed++ < limit) {
                    out.printf("%s  %-17s %s/%s  event=%s  from %s-%d@%d  %,d bytes%s  %s%n",
                            Instant.ofEpochMilli(letter.refusedAtMillis()), letter.reason(), dash(letter.tenantId()),
                            dash(letter.conversationId()), dash(letter.eventId()), letter.sourceTopic(),
                            letter.sourcePartition(), letter.sourceOffset(), letter.valueBytes(),
                            letter.valueRef() == null ? "" : " at " + letter.valueRef(), shorten(letter.message()));
                }
            }
            out.printf("%,d dead letters%s%s%n", letters.size(), perReason.isEmpty() ? "" : ": ",
                    perReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(java.util.stream.Collectors.joining(", ")));
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Publish the selected dead letters' original key and value to the input topic again "
                    + "(after the cause was fixed, e.g. the missing type added). Safe to repeat: the job drops "
                    + "event ids it has stored.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Selection selection;

        @Option(names = "--to", defaultValue = "conversation-events", description = "Input topic (default: "
                + "${DEFAULT-VALUE}).")
        String topic;

        @Option(names = "--dry-run", description = "Only say what would be replayed.")
        boolean dryRun;

        @Mixin
        S3Options payloadStore;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<DeadLetterTopic.Stored> letters = selection.read();
            if (dryRun) {
                out.printf("would replay %,d dead letters to %s%n", letters.size(), topic);
                out.flush();
                return 0;
            }
            try (Publisher publisher = new Publisher(selection.bootstrap, topic);
                    PayloadStore payloads = payloadStore.open()) {
                for (DeadLetterTopic.Stored stored : letters) {
                    // the original bytes and headers, as the producer sent them
                    DeadLetter letter = stored.letter();
                    publisher.send(letter.key(), originalValue(letter, payloads), letter.headers());
                }
                publisher.flush();
            }
            out.printf("replayed %,d dead letters to %s%n", letters.size(), topic);
            out.flush();
            return 0;
        }
    }

    /** The letter's original value: carried, or fetched from the payload store and checked. */
    static byte[] originalValue(DeadLetter letter, PayloadStore payloads) throws IOException {
        if (letter.valueRef() == null) {
            return letter.value();
        }
        byte[] value = payloads.get(letter.valueRef());
        PayloadStore.verify(letter.valueRef(), value, letter.valueBytes(), letter.valueSha256());
        return value;
    }

    private static String dash(String text) {
        return text == null ? "-" : text;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        String line = message.replace('\n', ' ');
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
