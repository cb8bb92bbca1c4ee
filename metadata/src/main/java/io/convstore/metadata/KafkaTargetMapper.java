package io.convstore.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reshapes an event into the record of an extra Kafka target: a JSON object with the target's fields, in the
 * order the metadata lists them; a field whose pointer finds nothing is null.
 */
public final class KafkaTargetMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaTargetMapper() {}

    public static byte[] reshape(Event event, KafkaTarget target) {
        JsonNode payload = LakeRowMapper.parsePayload(event);
        ObjectNode record = JSON.createObjectNode();
        for (Map.Entry<String, String> field : target.fields().entrySet()) {
            JsonNode value = LakeRowMapper.resolve(event, payload, field.getValue());
            record.set(field.getKey(), value.isMissingNode() ? JSON.nullNode() : value);
        }
        return record.toString().getBytes(StandardCharsets.UTF_8);
    }
}
