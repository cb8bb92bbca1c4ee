package io.convstore.metadata;

import java.util.List;
import java.util.Map;

/** What metadata may refer to outside the payload: envelope fields by JSON pointer, and the lake's fixed columns. */
public final class Envelopes {
    private Envelopes() {}

    /** Envelope JSON pointers and the JSON Schema type of each (for type checks of lake columns). */
    public static final Map<String, String> POINTER_TYPES = Map.ofEntries(
            Map.entry("/event_id", "string"),
            Map.entry("/tenant_id", "string"),
            Map.entry("/conversation_id", "string"),
            Map.entry("/type", "string"),
            Map.entry("/type_version", "integer"),
            Map.entry("/seq", "integer"),
            Map.entry("/occurred_at", "string:date-time"),
            Map.entry("/channel", "string"),
            Map.entry("/actor/role", "string"),
            Map.entry("/actor/id", "string"));

    /** Columns every per-type lake table starts with; metadata columns may not reuse these names. */
    public static final List<String> LAKE_COLUMNS = List.of("tenant_id", "conversation_id", "seq", "event_id",
            "type", "type_version", "occurred_at", "kafka_timestamp", "actor_role", "actor_id", "channel");
}
