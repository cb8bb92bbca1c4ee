package io.convstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.event.ConversationKey;
import io.convstore.event.DecodeResult;
import io.convstore.event.EnvelopeDecoder;
import io.convstore.event.Event;
import io.convstore.event.Rejection;
import io.convstore.metadata.Registry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code POST /v1/events}: envelopes validated exactly as the job validates them (the same decoder, metadata
 * registry and reason codes), all or nothing: when any is refused none is sent. Accepted ones are published to the
 * input topic keyed {@code tenant/conversation}, and answered once Kafka acknowledged every one (acks=all,
 * idempotent producer), with the consistency token of their positions.
 */
final class EventWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most envelopes one request may carry. */
    static final int MAX_BATCH = 500;

    private final EnvelopeDecoder decoder;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    EventWriter(Registry registry, String bootstrapServers, String topic) {
        this.decoder = new EnvelopeDecoder(registry);
        this.topic = topic;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 * 1024 * 1024));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Validates and publishes the envelopes of {@code body} (one object or an array) for {@code tenantId}.
     *
     * @return the consistency token of the writes, in request order
     */
    String write(String tenantId, byte[] body) throws Exception {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw ApiProblem.badRequest("the body is not JSON: an envelope object or an array of them");
        }
        List<JsonNode> envelopes = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(envelopes::add);
        } else if (root != null && root.isObject()) {
            envelopes.add(root);
        } else {
            throw ApiProblem.badRequest("the body must be an envelope object or an array of them");
        }
        if (envelopes.isEmpty() || envelopes.size() > MAX_BATCH) {
            throw ApiProblem.badRequest("send 1 to " + MAX_BATCH + " envelopes per request, not " + envelopes.size());
        }
        List<byte[][]> records = new ArrayList<>();
        List<Map<String, Object>> refused = new ArrayList<>();
        for (int i = 0; i < envelopes.size(); i++) {
            JsonNode envelope = envelopes.get(i);
            byte[] value = JSON.writeValueAsBytes(envelope);
            String tenant = envelope.path("tenant_id").asText(null);
            String conversation = envelope.path("conversation_id").asText(null);
            if (tenant != null && !tenant.equals(tenantId)) {
                refused.add(reason(i, "forbidden_tenant", "tenant_id '" + tenant + "' is not the tenant of the "
                        + "API key"));
                continue;
            }
            byte[] key = tenant == null || conversation == null ? null
                    : ConversationKey.of(tenant, conversation).getBytes(StandardCharsets.UTF_8);
            DecodeResult result = decoder.decode(key, value, -1, -1, System.currentTimeMillis());
            if (result instanceof DecodeResult.Rejected rejected) {
                Rejection rejection = rejected.rejection();
                refused.add(reason(i, rejection.reason().code(), rejection.message()));
            } else if (result instanceof DecodeResult.Accepted accepted) {
                Event event = accepted.event();
                records.add(new byte[][] {event.conversationKey().getBytes(StandardCharsets.UTF_8), value});
            }
        }
        if (!refused.isEmpty()) {
            throw ApiProblem.refused(refused);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (byte[][] record : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, record[0], record[1])));
        }
        List<Tokens.Position> positions = new ArrayList<>();
        for (Future<RecordMetadata> ack : sent) {
            RecordMetadata metadata = ack.get(30, TimeUnit.SECONDS);
            positions.add(new Tokens.Position(metadata.partition(), metadata.offset()));
        }
        return Tokens.encode(positions);
    }

    private static Map<String, Object> reason(int index, String code, String message) {
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("index", index);
        reason.put("reason", code);
        reason.put("message", message);
        return reason;
    }

    @Override
    public void close() {
        producer.close();
    }
}
