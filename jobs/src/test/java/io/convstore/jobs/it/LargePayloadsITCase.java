package io.convstore.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.connectors.kafka.DeadLetterHeaders;
import io.convstore.connectors.kafka.DeadLetterTopic;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ConversationPages;
import io.convstore.connectors.serving.ConversationPages.Storage;
import io.convstore.event.Envelope;
import io.convstore.event.PayloadCompression;
import io.convstore.event.ServingRow;
import io.convstore.jobs.it.StoreContents.TopicRecord;
import io.convstore.sandbox.Sandbox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Large payloads through the running job, on the sandbox's S3 server: small ones stay jsonb, large ones are
 * compressed in the row, very large ones are offloaded (object first, claim check in the row) and records above
 * the hard limit are payload_too_large dead letters whose original bytes are in the payload store too. Everything
 * reads back byte for byte.
 */
@ExtendWith(SandboxExtension.class)
class LargePayloadsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = LoopbackMiniCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "large_payloads";
    private static final Instant AT = Instant.parse("2026-12-04T09:00:00Z");

    @Test
    void compressesOffloadsAndReadsBackByteForByte(Sandbox sandbox) throws Exception {
        String payloads = "s3://" + Sandbox.LAKE_BUCKET + "/" + PREFIX + "-payloads";
        Map<String, String> options = new HashMap<>(PipelineRun.lakeOnS3(sandbox, PREFIX));
        options.put("convstore.payloads.location", payloads);
        options.put("convstore.validate.max-record-bytes", "2mb");
        try (PipelineRun run = PipelineRun.create(sandbox, PREFIX, options)) {
            Random random = new Random(11);
            List<Map<String, Object>> sentPayloads = List.of(
                    ordered("status", "opened"),
                    ordered("text", "Hi, my invoice is wrong ü ✓"),
                    email("Re: invoice", prose(random, 60_000)), // above compress_above (4 KiB)
                    email("Fwd: contract", prose(random, 400_000)), // above offload_above (256 KiB)
                    email("Call transcript", prose(random, 1_500_000))); // offloaded, under the 2 MB limit
            String[] types = {"conversation.status", "chat.message", "email.message", "email.message",
                "email.message"};
            List<ConversationDataset.Sent> sent = new ArrayList<>();
            for (int i = 0; i < sentPayloads.size(); i++) {
                Envelope envelope = envelope(i + 1, types[i], sentPayloads.get(i));
                sent.add(new ConversationDataset.Sent(envelope.keyBytes(), envelope.toJsonBytes(), null));
            }
            // the offloaded email again (a producer retry): a duplicate, no second object or row
            sent.add(sent.get(3));
            // 3 MB: refused unparsed, original bytes to the payload store
            Envelope tooLarge = envelope(6, "email.message", email("Huge", prose(random, 3_000_000)));
            byte[] tooLargeBytes = tooLarge.toJsonBytes();
            sent.add(new ConversationDataset.Sent(tooLarge.keyBytes(), tooLargeBytes, "payload_too_large"));
            run.start();
            run.produce(sent);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() ->
                    StoreContents.servingEventCount(run.jdbcUrl) == 5
                            && StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), run.dlqTopic).size() == 1);

            // serving: each payload read back exactly as sent, stored by size
            try (Connection connection = DriverManager.getConnection(run.jdbcUrl, "postgres", "");
                    PayloadStore store = PayloadStore.open(run.config.payloads())) {
                List<ConversationPages.StoredEvent> events = ConversationPages.read(connection, store, "acme",
                        "c-big", 0, 10).events();
                assertThat(events).extracting(ConversationPages.StoredEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(events).extracting(ConversationPages.StoredEvent::storage).containsExactly(Storage.JSONB,
                        Storage.JSONB, Storage.ZSTD, Storage.OFFLOADED, Storage.OFFLOADED);
                for (int i = 0; i < events.size(); i++) {
                    byte[] expected = JSON.writeValueAsBytes(sentPayloads.get(i));
                    if (events.get(i).storage() == Storage.JSONB) { // jsonb normalises spacing: compare as JSON
                        assertThat(JSON.readTree(events.get(i).payload())).isEqualTo(JSON.readTree(expected));
                    } else {
                        assertThat(events.get(i).payload().getBytes(StandardCharsets.UTF_8))
                                .as("payload of seq %d", i + 1).isEqualTo(expected);
                    }
                    assertThat(events.get(i).payloadBytes()).isEqualTo(expected.length);
                }
            }

            // the claim checks: one object per offloaded event, named by its event id, the row's checksum its own
            Map<String, byte[]> objects = objects(sandbox, PREFIX + "-payloads/serving/");
            assertThat(objects.keySet()).containsExactlyInAnyOrder(
                    PREFIX + "-payloads/serving/acme/c-big/" + PREFIX + "-e4.json.zst",
                    PREFIX + "-payloads/serving/acme/c-big/" + PREFIX + "-e5.json.zst");
            try (Connection connection = DriverManager.getConnection(run.jdbcUrl, "postgres", "");
                    var rows = connection.createStatement().executeQuery("SELECT seq, payload_ref, payload_sha256, "
                            + "payload_bytes, payload IS NULL AND payload_zstd IS NULL FROM conversation_events "
                            + "WHERE payload_ref IS NOT NULL ORDER BY seq")) {
                int count = 0;
                while (rows.next()) {
                    count++;
                    byte[] original = JSON.writeValueAsBytes(sentPayloads.get(rows.getInt(1) - 1));
                    String key = rows.getString(2).substring(("s3://" + Sandbox.LAKE_BUCKET + "/").length());
                    assertThat(PayloadCompression.decompressBytes(objects.get(key))).isEqualTo(original);
                    assertThat(rows.getBytes(3)).isEqualTo(ServingRow.sha256(original));
                    assertThat(rows.getInt(4)).isEqualTo(original.length);
                    assertThat(rows.getBoolean(5)).as("no payload bytes in an offloaded row").isTrue();
                }
                assertThat(count).isEqualTo(2);
            }

            // the too-large record: a dead letter with its claim check, the original bytes in the payload store
            List<TopicRecord> letters = StoreContents.topicRecords(sandbox.kafka().bootstrapServers(),
                    run.dlqTopic);
            assertThat(letters).hasSize(1);
            TopicRecord letter = letters.get(0);
            assertThat(letter.headers()).containsEntry(DeadLetterHeaders.REASON, "payload_too_large")
                    .containsEntry(DeadLetterHeaders.VALUE_BYTES, Integer.toString(tooLargeBytes.length))
                    .containsEntry(DeadLetterHeaders.VALUE_SHA256,
                            HexFormat.of().formatHex(ServingRow.sha256(tooLargeBytes)));
            assertThat(letter.value()).isNullOrEmpty();
            String ref = letter.headers().get(DeadLetterHeaders.VALUE_REF);
            assertThat(ref).startsWith(payloads + "/dead-letters/" + run.topic + "/");
            DeadLetterTopic.Stored decoded = DeadLetterTopic.read(sandbox.kafka().bootstrapServers(), run.dlqTopic,
                    l -> true).get(0);
            try (PayloadStore store = PayloadStore.open(run.config.payloads())) {
                byte[] original = store.get(decoded.letter().valueRef());
                PayloadStore.verify(ref, original, decoded.letter().valueBytes(), decoded.letter().valueSha256());
                assertThat(original).isEqualTo(tooLargeBytes);
            }

            // the lake's dead_letters row: the same claim check, no value bytes
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> StoreContents.lakeTable(run.config.lake(), "dead_letters").size() == 1);
            Map<String, Object> row = StoreContents.lakeTable(run.config.lake(), "dead_letters").get(0);
            assertThat(row).containsEntry("reason", "payload_too_large").containsEntry("value_ref", ref)
                    .containsEntry("value_bytes", (long) tooLargeBytes.length).containsEntry("value", null);
            assertThat(bytes((ByteBuffer) row.get("value_sha256"))).isEqualTo(ServingRow.sha256(tooLargeBytes));
            assertThat(run.running()).isTrue();
        }
    }

    private static Envelope envelope(int seq, String type, Map<String, Object> payload) {
        String role = seq == 1 ? "system" : "customer";
        return new Envelope(PREFIX + "-e" + seq, "acme", "c-big", type, null, (long) seq, AT.plusSeconds(seq),
                "email", role, "u-1", payload);
    }

    private static Map<String, Object> ordered(String key, Object value) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(key, value);
        return payload;
    }

    private static Map<String, Object> email(String subject, String body) {
        Map<String, Object> payload = ordered("subject", subject);
        payload.put("from", "customer@example.com");
        payload.put("body_text", body);
        return payload;
    }

    /** About {@code chars} characters of varied text with non-ASCII words, quotes and line breaks. */
    private static String prose(Random random, int chars) {
        String[] words = {"invoice", "delivery", "réclamation", "Grüße", "order", "\"urgent\"", "refund", "✓",
            "account", "number", "please", "thanks", "schedule", "tomorrow", "agent", "support"};
        StringBuilder text = new StringBuilder(chars + 32);
        while (text.length() < chars) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(9) == 0 ? ".\n" : " ");
            if (random.nextInt(20) == 0) {
                text.append(random.nextInt(1_000_000)).append(' ');
            }
        }
        return text.toString();
    }

    private static Map<String, byte[]> objects(Sandbox sandbox, String prefix) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        try (S3Client s3 = sandbox.s3().client()) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(Sandbox.LAKE_BUCKET).prefix(prefix))
                    .contents()) {
                objects.put(object.key(), s3.getObjectAsBytes(r -> r.bucket(Sandbox.LAKE_BUCKET).key(object.key()))
                        .asByteArray());
            }
        }
        return objects;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
