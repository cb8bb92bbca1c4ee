package io.convstore.connectors.lake;

import io.convstore.event.TrafficRow;
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
 * The lake table {@code <namespace>.tenant_traffic}: per tenant and minute, events, payload bytes, active
 * conversations and dead letters, the tenant's share of the minute and the hot flag. {@code kind} tells a
 * minute's {@code final} row from its {@code update}s (late records within the allowed lateness: the new totals)
 * and from {@code late} rows (one record later than that, in its own minute). Partitioned by
 * day(window_start).
 */
public final class TenantTrafficTable {
    public static final String NAME = "tenant_traffic";

    /** Field ids are part of the table's identity: only ever add fields, never renumber. */
    public static final Schema SCHEMA = new Schema(List.of(
            Types.NestedField.required(1, "window_start", Types.TimestampType.withZone()),
            Types.NestedField.required(2, "window_end", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "tenant_id", Types.StringType.get()),
            Types.NestedField.required(4, "kind", Types.StringType.get()),
            Types.NestedField.required(5, "events", Types.LongType.get()),
            Types.NestedField.required(6, "bytes", Types.LongType.get()),
            Types.NestedField.required(7, "active_conversations", Types.LongType.get()),
            Types.NestedField.required(8, "dead_letters", Types.LongType.get()),
            Types.NestedField.optional(9, "share", Types.DoubleType.get()),
            Types.NestedField.required(10, "hot", Types.BooleanType.get()),
            Types.NestedField.required(11, "emitted_at", Types.TimestampType.withZone())));

    public static final JobTable TABLE = new JobTable(NAME, SCHEMA,
            (schema, settings) -> PartitionSpec.builderFor(schema).day("window_start").build());

    private TenantTrafficTable() {}

    /** Traffic rows as rows of {@link #SCHEMA}. */
    public static final class Rows implements MapFunction<TrafficRow, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(TrafficRow row) {
            return GenericRowData.of(
                    TimestampData.fromEpochMillis(row.windowStartMillis()),
                    TimestampData.fromEpochMillis(row.windowEndMillis()),
                    StringData.fromString(row.tenantId()),
                    StringData.fromString(row.kind()),
                    row.events(),
                    row.bytes(),
                    row.activeConversations(),
                    row.deadLetters(),
                    row.share(),
                    row.hot(),
                    TimestampData.fromEpochMillis(row.emittedAtMillis()));
        }
    }
}
