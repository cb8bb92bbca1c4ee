package io.convstore.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.event.Event;
import java.util.Map;

/**
 * Applies a type's serving projection (metadata {@code serving:}) to an event: the preview text, the small
 * attributes object, and the payload without the dropped fields.
 */
public final class ServingProjector {
    /**
     * @param preview the preview text, or null
     * @param attributes the attributes as a JSON object text, or null when the type declares none
     * @param payload the payload to store, as JSON text
     */
    public record Projection(String preview, String attributes, String payload) {}

    private ServingProjector() {}

    public static Projection project(Event event, ServingProjection serving) {
        if (serving.preview() == null && serving.attributes().isEmpty() && serving.drop().isEmpty()) {
            return new Projection(null, null, event.payload());
        }
        JsonNode payload = LakeRowMapper.parsePayload(event);
        String preview = null;
        if (serving.preview() != null) {
            JsonNode node = LakeRowMapper.resolve(event, payload, serving.preview());
            if (!node.isMissingNode() && !node.isNull()) {
                preview = truncate(node.isTextual() ? node.textValue() : node.toString(), serving.previewMaxLength());
            }
        }
        String attributes = null;
        if (!serving.attributes().isEmpty()) {
            ObjectNode object = ((ObjectNode) payload).objectNode();
            for (Map.Entry<String, String> attribute : serving.attributes().entrySet()) {
                JsonNode value = LakeRowMapper.resolve(event, payload, attribute.getValue());
                if (!value.isMissingNode()) {
                    object.set(attribute.getKey(), value);
                }
            }
            attributes = object.toString();
        }
        for (String pointer : serving.drop()) {
            remove(payload, pointer.substring("/payload".length()));
        }
        return new Projection(preview, attributes, serving.drop().isEmpty() ? event.payload() : payload.toString());
    }

    private static void remove(JsonNode payload, String pointer) {
        int last = pointer.lastIndexOf('/');
        JsonNode parent = last <= 0 ? payload : payload.at(pointer.substring(0, last));
        if (parent instanceof ObjectNode object) {
            object.remove(pointer.substring(last + 1).replace("~1", "/").replace("~0", "~"));
        }
    }

    private static String truncate(String text, int codePoints) {
        return text.codePointCount(0, text.length()) <= codePoints ? text
                : text.substring(0, text.offsetByCodePoints(0, codePoints));
    }
}
