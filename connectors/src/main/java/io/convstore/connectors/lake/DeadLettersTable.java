package io.convstore.connectors.lake;

import io.convstore.event.DeadLetter;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The lake table {@code <namespace>.dead_letters}: every refused record with its original key, value and headers
 * ({@link io.convstore.event.RecordHeaders} encoding; a value too large to travel with the letter is in the
 * payload store, {@code value_ref} and {@code value_sha256} its claim check), reason, message, provenance and the
 * job and metadata versions that refused it — the same content as the dead-letter topic, kept for as long as the
 * lake keeps data and queryable with SQL (dead letters by reason and tenant). Partitioned by day(refused_at).
 */
public final class DeadLettersTable {
    public static final String NAME = "dead_letters";

    /** Field ids are part of the table's identity: only ever add fields, never renumber. */
    public static final Schema SCHEMA = new Schema(List.of(
            Types.NestedField.required(1, "refused_at", Types.TimestampType.withZone()),
            Types.NestedField.required(2, "reason", Types.StringType.get()),
            Types.NestedField.optional(3, "message", Types.StringType.get()),
            Types.NestedField.optional(4, "tenant_id", Types.StringType.get()),
            Types.NestedField.optional(5, "conversation_id", Types.StringType.get()),
            Types.NestedField.optional(6, "event_id", Types.StringType.get()),
            Types.NestedField.optional(7, "source_topic", Types.StringType.get()),
            Types.NestedField.required(8, "source_partition", Types.IntegerType.get()),
            Types.NestedField.required(9, "source_offset", Types.LongType.get()),
            Types.NestedField.optional(10, "key", Types.BinaryType.get()),
            Types.NestedField.optional(11, "value", Types.BinaryType.get()),
            Types.NestedField.required(12, "value_bytes", Types.LongType.get()),
            Types.NestedField.optional(13, "headers", Types.BinaryType.get()),
            Types.NestedField.optional(14, "metadata_version", Types.StringType.get()),
            Types.NestedField.optional(15, "job_version", Types.StringType.get()),
            Types.NestedField.optional(16, "value_ref", Types.StringType.get()),
            Types.NestedField.optional(17, "value_sha256", Types.BinaryType.get())));

    public static final JobTable TABLE = new JobTable(NAME, SCHEMA,
            (schema, settings) -> PartitionSpec.builderFor(schema).day("refused_at").build());

    private DeadLettersTable() {}

    /** Dead letters as rows of {@link #SCHEMA}. */
    public static final class Rows implements MapFunction<DeadLetter, RowData> {
        private static final long serialVersionUID = 1L;

            @Override
        public RowData map(DeadLetter letter) {
            GenericRowData row = new GenericRowData(17);
            row.setField(0, TimestampData.fromEpochMillis(letter.refusedAtMillis()));
            row.setField(1, StringData.fromString(letter.reason()));
            row.setField(2, text(letter.message()));
            row.setField(3, text(letter.tenantId()));
            row.setField(4, text(letter.conversationId()));
            row.setField(5, text(letter.eventId()));
            row.setField(6, text(letter.sourceTopic()));
            row.setField(7, letter.sourcePartition());
            row.setField(8, letter.sourceOffset());
            row.setField(9, letter.key());
            row.setField(10, letter.value());
            row.setField(11, letter.valueBytes());
            row.setField(12, letter.headers());
            row.setField(13, text(letter.metadataVersion()));
            row.setField(14, text(letter.jobVersion()));
            row.setField(15, text(letter.valueRef()));
            row.setField(16, letter.valueSha256());
            return row;
        }

        private static StringData text(String value) {
            return value == null ? null : StringData.fromString(value);
        }
    }
}
