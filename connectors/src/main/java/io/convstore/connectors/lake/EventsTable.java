package io.convstore.connectors.lake;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * The lake table {@code <namespace>.events}: every accepted event once, envelope columns plus the payload as
 * JSON text. Partitioned by day(occurred_at) and bucket(tenant_id); Parquet with zstd.
 */
public final class EventsTable {
    public static final String NAME = "events";

    /** Field ids are part of the table's identity: only ever add fields, never renumber. */
    public static final Schema SCHEMA = new Schema(concat(EnvelopeColumns.FIELDS, List.of(
            Types.NestedField.optional(12, "producer_seq", Types.LongType.get()),
            Types.NestedField.required(13, "gap_before", Types.LongType.get()),
            Types.NestedField.required(14, "late_fill", Types.BooleanType.get()),
            Types.NestedField.required(15, "source_partition", Types.IntegerType.get()),
            Types.NestedField.required(16, "source_offset", Types.LongType.get()),
            Types.NestedField.required(17, "payload", Types.StringType.get()))));

    private static List<Types.NestedField> concat(List<Types.NestedField> a, List<Types.NestedField> b) {
        List<Types.NestedField> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private EventsTable() {}

    public static TableIdentifier identifier(LakeSettings settings) {
        return TableIdentifier.of(Namespace.of(settings.namespace()), NAME);
    }

    static PartitionSpec spec(int buckets) {
        return PartitionSpec.builderFor(SCHEMA).day("occurred_at").bucket("tenant_id", buckets).build();
    }

    /** Creates the namespace and the table when they do not exist yet; returns the table. */
    public static Table ensure(LakeSettings settings) throws Exception {
        return LakeTables.ensure(settings, identifier(settings), SCHEMA, spec(settings.buckets()));
    }

    /** Rows in the table's current snapshot: what a reader of the lake sees now (0 before the first commit). */
    public static long committedRecords(LakeSettings settings) throws Exception {
        return LakeCatalogs.with(settings, catalog -> {
            Snapshot snapshot = catalog.loadTable(identifier(settings)).currentSnapshot();
            return snapshot == null ? 0L : Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
        });
    }
}
