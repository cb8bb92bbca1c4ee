package io.convstore.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTargetMapperTest {

    @Test
    void reshapesAnEventIntoTheTargetsFieldsInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("conversation", "/conversation_id");
        fields.put("role", "/actor/role");
        fields.put("text", "/payload/text");
        fields.put("tokens", "/payload/tokens");
        fields.put("lang", "/payload/lang");
        Event event = new Event("e-1", "acme", "c-1", "chat.message", 1, null, 0L, "web", "customer", "u-1",
                "{\"text\":\"hi\",\"tokens\":{\"input\":3}}", 0, 0L, 0L, 1L, 0L, false, 1L);

        byte[] value = KafkaTargetMapper.reshape(event, new KafkaTarget("assist", fields));

        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(
                "{\"conversation\":\"c-1\",\"role\":\"customer\",\"text\":\"hi\",\"tokens\":{\"input\":3},\"lang\":null}");
    }
}
