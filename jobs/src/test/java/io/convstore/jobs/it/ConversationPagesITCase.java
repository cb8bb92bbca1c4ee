package io.convstore.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ConversationPages;
import io.convstore.connectors.serving.ServingMigrations;
import io.convstore.connectors.serving.ServingSettings;
import io.convstore.event.PayloadCompression;
import io.convstore.event.ServingRow;
import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages read back from a real serving store: seq order, keyset continuation, compressed and offloaded payloads
 * exact.
 */
@ExtendWith(SandboxExtension.class)
class ConversationPagesITCase {

    @Test
    void readsPagesInSeqOrderWithCompressedPayloadsByteForByte(Sandbox sandbox) throws Exception {
        sandbox.postgres().createDatabase("pages");
        String url = sandbox.postgres().jdbcUrl("pages");
        ServingMigrations.apply(new ServingSettings(url, Postgres.USER, "", Duration.ofMillis(200), 100, 0));
        // a 60 KB email with non-ASCII text and escapes, kept compressed; small payloads kept as jsonb
        String big = "{\"subject\":\"Grüße — ✓\",\"body_text\":\"" + "Line with \\\"quotes\\\" and ünïcödé.\\n"
                .repeat(1_800) + "\"}";
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, "")) {
            for (int seq = 1; seq <= 7; seq++) {
                insert(connection, seq, seq == 3 ? big : "{\"text\": \"hello " + seq + "\"}", seq == 3);
            }
            insert(connection, 1, "{\"text\": \"another conversation\"}", false, "c-2");

            ConversationPages.Page first = ConversationPages.read(connection, null, "acme", "c-1", 0, 3);
            assertThat(first.events()).extracting(ConversationPages.StoredEvent::seq).containsExactly(1L, 2L, 3L);
            assertThat(first.next()).isEqualTo(3L);
            ConversationPages.StoredEvent stored = first.events().get(2);
            assertThat(stored.storage()).isEqualTo(ConversationPages.Storage.ZSTD);
            assertThat(stored.payload().getBytes(StandardCharsets.UTF_8)).isEqualTo(big.getBytes(StandardCharsets.UTF_8));
            assertThat(stored.payloadBytes()).isEqualTo(big.getBytes(StandardCharsets.UTF_8).length);
            assertThat(first.events().get(0).payload()).isEqualTo("{\"text\": \"hello 1\"}");

            ConversationPages.Page rest = ConversationPages.read(connection, null, "acme", "c-1", first.next(), 3);
            assertThat(rest.events()).extracting(ConversationPages.StoredEvent::seq).containsExactly(4L, 5L, 6L);
            ConversationPages.Page last = ConversationPages.read(connection, null, "acme", "c-1", rest.next(), 3);
            assertThat(last.events()).extracting(ConversationPages.StoredEvent::seq).containsExactly(7L);
            assertThat(last.next()).isNull();
            assertThatThrownBy(() -> ConversationPages.read(connection, null, "acme", "c-1", 0, 1001))
                    .hasMessage("limit must be 1 to 1000, was 1001");
        }
    }

    @Test
    void rehydratesOffloadedPayloadsAndRefusesObjectsThatDoNotMatchTheirClaimCheck(Sandbox sandbox, @TempDir Path dir)
            throws Exception {
        sandbox.postgres().createDatabase("pages_offloaded");
        String url = sandbox.postgres().jdbcUrl("pages_offloaded");
        ServingMigrations.apply(new ServingSettings(url, Postgres.USER, "", Duration.ofMillis(200), 100, 0));
        String huge = "{\"body_text\":\"" + "Ünïcödé transcript line, speaker 2 says: ok.\\n".repeat(8_000) + "\"}";
        byte[] utf8 = huge.getBytes(StandardCharsets.UTF_8);
        try (PayloadStore store = PayloadStore.open(new PayloadStore.Settings(dir.toString(), Map.of()));
                Connection connection = DriverManager.getConnection(url, Postgres.USER, "")) {
            String ref = store.put(PayloadStore.servingKey("acme", "c/1", "e 1"), PayloadCompression.compress(utf8));
            assertThat(ref).startsWith("file:/").endsWith("/serving/acme/c%2F1/e%201.json.zst");
            try (PreparedStatement statement = connection.prepareStatement(INSERT_OFFLOADED)) {
                statement.setString(1, ref);
                statement.setInt(2, utf8.length);
                statement.setBytes(3, ServingRow.sha256(utf8));
                statement.executeUpdate();
            }

            ConversationPages.StoredEvent event = ConversationPages.read(connection, store, "acme", "c-1", 0, 10)
                    .events().get(0);
            assertThat(event.storage()).isEqualTo(ConversationPages.Storage.OFFLOADED);
            assertThat(event.payload().getBytes(StandardCharsets.UTF_8)).isEqualTo(utf8);
            assertThat(event.payloadBytes()).isEqualTo(utf8.length);

            assertThatThrownBy(() -> ConversationPages.read(connection, null, "acme", "c-1", 0, 10))
                    .hasMessageContaining("no payload store was given");
            // an object changed behind the row's back is refused, not served
            store.put(PayloadStore.servingKey("acme", "c/1", "e 1"),
                    PayloadCompression.compress(huge.replace("ok.", "no.").getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> ConversationPages.read(connection, store, "acme", "c-1", 0, 10))
                    .hasMessageContaining("does not match its claim check");
        }
    }

    private static final String INSERT_OFFLOADED = "INSERT INTO conversation_events (tenant_id, conversation_id, "
            + "seq, event_id, type, type_version, occurred_at, source_partition, source_offset, payload_ref, "
            + "payload_bytes, payload_sha256) VALUES ('acme', 'c-1', 1, 'e-1', 'email.message', 1, now(), 0, 1, ?, "
            + "?, ?)";

    @Test
    void refusesARowWithNoPayloadAtAll(Sandbox sandbox) throws Exception {
        sandbox.postgres().createDatabase("pages_check");
        String url = sandbox.postgres().jdbcUrl("pages_check");
        ServingMigrations.apply(new ServingSettings(url, Postgres.USER, "", Duration.ofMillis(200), 100, 0));
        try (Connection connection = DriverManager.getConnection(url, Postgres.USER, "");
                PreparedStatement statement = connection.prepareStatement(INSERT)) {
            bind(statement, 1, null, null, 0, "c-1");
            assertThatThrownBy(statement::executeUpdate).hasMessageContaining("conversation_events_payload_stored");
        }
    }

    private static final String INSERT = "INSERT INTO conversation_events (tenant_id, conversation_id, seq, event_id, "
            + "type, type_version, occurred_at, source_partition, source_offset, payload, payload_zstd, payload_bytes) "
            + "VALUES ('acme', ?, ?, ?, 'email.message', 1, now(), 0, ?, ?::jsonb, ?, ?)";

    private static void insert(Connection connection, int seq, String payload, boolean compress) throws Exception {
        insert(connection, seq, payload, compress, "c-1");
    }

    private static void insert(Connection connection, int seq, String payload, boolean compress, String conversation)
            throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            bind(statement, seq, compress ? null : payload, compress ? PayloadCompression.compress(payload) : null,
                    payload.getBytes(StandardCharsets.UTF_8).length, conversation);
            statement.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, int seq, String payload, byte[] zstd, int bytes,
            String conversation) throws Exception {
        statement.setString(1, conversation);
        statement.setLong(2, seq);
        statement.setString(3, conversation + "-e" + seq);
        statement.setLong(4, seq);
        statement.setString(5, payload);
        statement.setBytes(6, zstd);
        statement.setInt(7, bytes);
    }
}
