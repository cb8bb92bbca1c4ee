package io.convstore.metadata;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.convstore.metadata.TypeDefinition.TypeKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The payload JSON Schemas of a registry, each compiled once. Create one per operator instance (in {@code open()});
 * {@link #violations} is then cheap per record.
 */
public final class PayloadSchemas {
    private static final int MAX_REPORTED = 5;

    private final Map<TypeKey, Schema> schemas = new HashMap<>();

    public PayloadSchemas(Registry registry) {
        SchemaRegistry compiler = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (TypeDefinition definition : registry.definitions()) {
            schemas.put(definition.key(), compiler.getSchema(definition.schema(), InputFormat.JSON));
        }
    }

    /**
     * Checks a payload (JSON text) against its type's schema. Returns null when it conforms, else a message that
     * names the JSON pointer (into the event) and the schema keyword of each violation (at most five).
     */
    public String violations(String type, int version, String payloadJson) {
        Schema schema = schemas.get(new TypeKey(type, version));
        if (schema == null) {
            return "no schema for " + type + " v" + version;
        }
        List<Error> errors = schema.validate(payloadJson, InputFormat.JSON);
        if (errors.isEmpty()) {
            return null;
        }
        String listed = errors.stream().limit(MAX_REPORTED)
                .map(e -> "at /payload" + e.getInstanceLocation() + ": "
                        + e.getMessage().replaceFirst("^\\S+: ", "").strip() + " [" + e.getKeyword() + "]")
                .collect(Collectors.joining("; "));
        return "payload breaks the " + type + " v" + version + " schema: " + listed
                + (errors.size() > MAX_REPORTED ? "; and " + (errors.size() - MAX_REPORTED) + " more" : "");
    }
}
