package io.convstore.connectors.lake;

import io.convstore.event.Event;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.types.Types;

/**
 * The columns every lake table starts with — {@code events} and each type's own table — with field ids 1 to
 * {@value #COUNT}, and how an event fills them. Names match {@code Envelopes.LAKE_COLUMNS} of the metadata.
 */
final class EnvelopeColumns {
    static final int COUNT = 11;

    static final List<Types.NestedField> FIELDS = List.of(
            Types.NestedField.required(1, "tenant_id", Types.StringType.get()),
            Types.NestedField.required(2, "conversation_id", Types.StringType.get()),
            Types.NestedField.required(3, "seq", Types.LongType.get()),
            Types.NestedField.required(4, "event_id", Types.StringType.get()),
            Types.NestedField.required(5, "type", Types.StringType.get()),
            Types.NestedField.required(6, "type_version", Types.IntegerType.get()),
            Types.NestedField.required(7, "occurred_at", Types.TimestampType.withZone()),
            Types.NestedField.required(8, "kafka_timestamp", Types.TimestampType.withZone()),
            Types.NestedField.optional(9, "actor_role", Types.StringType.get()),
            Types.NestedField.optional(10, "actor_id", Types.StringType.get()),
            Types.NestedField.optional(11, "channel", Types.StringType.get()));

    private EnvelopeColumns() {}

    /** Sets positions 0 to {@value #COUNT} - 1 of {@code row} from {@code event}. */
    static void fill(GenericRowData row, Event event) {
        row.setField(0, StringData.fromString(event.tenantId()));
        row.setField(1, StringData.fromString(event.conversationId()));
        row.setField(2, event.seq());
        row.setField(3, StringData.fromString(event.eventId()));
        row.setField(4, StringData.fromString(event.type()));
        row.setField(5, event.typeVersion());
        row.setField(6, TimestampData.fromEpochMillis(Math.floorDiv(event.occurredAtMicros(), 1000L),
                (int) Math.floorMod(event.occurredAtMicros(), 1000L) * 1000));
        row.setField(7, TimestampData.fromEpochMillis(event.kafkaTimestampMillis()));
        row.setField(8, StringData.fromString(event.actorRole()));
        row.setField(9, StringData.fromString(event.actorId()));
        row.setField(10, StringData.fromString(event.channel()));
    }
}
