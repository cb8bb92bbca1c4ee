package io.convstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ConversationPages;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./convstore conversation show}: a conversation read back from the serving store, a page at a time. */
@Command(name = "conversation", mixinStandardHelpOptions = true,
        description = "Read conversations back from the serving store.", subcommands = ConversationCommand.Show.class)
final class ConversationCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one page of a conversation's events in seq order as JSON lines (payloads "
                    + "decompressed, offloaded ones fetched from the payload store and checked against their "
                    + "SHA-256), then the command for the next page.")
    static final class Show implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Option(names = "--tenant", required = true, description = "Tenant id.")
        String tenant;

        @Option(names = "--conversation", required = true, description = "Conversation id.")
        String conversation;

        @Option(names = "--from-seq", defaultValue = "1", description = "First seq to show (default: ${DEFAULT-VALUE}).")
        long fromSeq;

        @Option(names = "--limit", defaultValue = "50", description = "Events per page, 1 to 1000 (default: "
                + "${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        ServingStoreOptions store;

        @Mixin
        S3Options payloadStore;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (limit < 1 || limit > ConversationPages.MAX_LIMIT) {
                spec.commandLine().getErr().println("--limit must be 1 to " + ConversationPages.MAX_LIMIT);
                return 2;
            }
            try (Connection connection = store.connect(); PayloadStore payloads = payloadStore.open()) {
                ConversationPages.Page page = ConversationPages.read(connection, payloads, tenant, conversation,
                        fromSeq - 1, limit);
                for (ConversationPages.StoredEvent event : page.events()) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("seq", event.seq());
                    line.put("event_id", event.eventId());
                    line.put("type", event.type());
                    line.put("occurred_at", event.occurredAt().toString());
                    line.put("actor_role", event.actorRole());
                    line.put("channel", event.channel());
                    line.put("stored", event.storage().name().toLowerCase(Locale.ROOT));
                    line.put("payload_bytes", event.payloadBytes());
                    line.set("payload", JSON.readTree(event.payload()));
                    out.println(JSON.writeValueAsString(line));
                }
                if (page.events().isEmpty()) {
                    spec.commandLine().getErr().printf("no events of %s/%s from seq %d%n", tenant, conversation,
                            fromSeq);
                } else if (page.next() != null) {
                    spec.commandLine().getErr().printf("next page: --from-seq %d%n", page.next() + 1);
                }
                out.flush();
                return 0;
            }
        }
    }
}
