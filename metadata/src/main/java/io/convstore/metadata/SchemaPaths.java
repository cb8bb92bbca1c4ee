package io.convstore.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a JSON pointer through a payload JSON Schema to find what the schema says about the value there: its
 * JSON type (with {@code format} for strings), its item type for arrays, and whether every step is required.
 * Local {@code $ref}s ({@code #/$defs/...}) are followed; anything else (oneOf, remote refs) is reported as not
 * checkable.
 */
final class SchemaPaths {
    /** What the schema says about one location; {@code error} is set when the pointer cannot be followed. */
    record Found(String jsonType, String format, String itemType, boolean required, String error) {
        static Found error(String message) {
            return new Found(null, null, null, false, message);
        }
    }

    private SchemaPaths() {}

    /**
     * @param pointer a pointer into the event, e.g. {@code /payload/tokens/input}
     */
    static Found find(JsonNode schema, String pointer) {
        String known = Envelopes.POINTER_TYPES.get(pointer);
        if (known != null) {
            String[] parts = known.split(":");
            boolean required = !List.of("/type_version", "/seq", "/channel", "/actor/role", "/actor/id")
                    .contains(pointer);
            return new Found(parts[0], parts.length > 1 ? parts[1] : null, null, required, null);
        }
        if (!pointer.startsWith("/payload/")) {
            return Found.error("must start with /payload/ or be an envelope field ("
                    + String.join(", ", new java.util.TreeSet<>(Envelopes.POINTER_TYPES.keySet())) + ")");
        }
        List<String> tokens = new ArrayList<>();
        for (String token : pointer.substring("/payload/".length()).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode node = resolve(schema, schema);
        boolean required = true;
        StringBuilder walked = new StringBuilder("/payload");
        for (String token : tokens) {
            if (node == null) {
                return Found.error("the schema cannot be followed at " + walked);
            }
            if (token.isEmpty()) {
                return Found.error("has an empty step");
            }
            walked.append('/').append(token);
            if (token.matches("\\d+") && "array".equals(typeOf(node))) {
                node = resolve(schema, node.get("items"));
                required = false;
                continue;
            }
            JsonNode properties = node.get("properties");
            if (properties == null || !properties.has(token)) {
                return Found.error("the payload schema has no property " + walked);
            }
            required &= isRequired(node, token);
            node = resolve(schema, properties.get(token));
        }
        if (node == null) {
            return Found.error("the schema cannot be followed at " + walked);
        }
        String type = typeOf(node);
        if (type == null) {
            return Found.error("the schema gives no single 'type' at " + walked);
        }
        String itemType = "array".equals(type) ? typeOf(resolve(schema, node.get("items"))) : null;
        return new Found(type, node.path("format").asText(null), itemType, required, null);
    }

    private static boolean isRequired(JsonNode object, String property) {
        for (JsonNode name : object.path("required")) {
            if (property.equals(name.asText())) {
                return true;
            }
        }
        return false;
    }

    /** The single non-null type of a schema node (["string","null"] counts as string), else null. */
    private static String typeOf(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode type = node.get("type");
        if (type == null) {
            return null;
        }
        if (type.isTextual()) {
            return type.asText();
        }
        String single = null;
        for (JsonNode t : type) {
            if (!"null".equals(t.asText())) {
                if (single != null) {
                    return null;
                }
                single = t.asText();
            }
        }
        return single;
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        for (int depth = 0; node != null && node.has("$ref") && depth < 16; depth++) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return null;
            }
            node = root.at(ref.substring(1));
            if (node.isMissingNode()) {
                return null;
            }
        }
        return node;
    }
}
