package io.convstore.connectors.lake;

import java.util.function.BiFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * One of the job's own lake tables (dead letters, conversation summaries, tenant traffic): its name, schema — field
 * ids are part of the table's identity: only ever add fields, never renumber — and partitioning.
 *
 * @param partitioning the partition spec of the schema for the given settings (e.g. their bucket count)
 */
public record JobTable(String name, Schema schema, BiFunction<Schema, LakeSettings, PartitionSpec> partitioning) {

    public TableIdentifier identifier(LakeSettings settings) {
        return TableIdentifier.of(Namespace.of(settings.namespace()), name);
    }

    /** Creates the table when it does not exist yet, or adds the columns it lacks; returns it. */
    public Table ensure(LakeSettings settings) throws Exception {
        return LakeTables.ensure(settings, identifier(settings), schema, partitioning.apply(schema, settings));
    }

    /** The Flink type of the table's rows, so they travel with the table serializer rather than Kryo. */
    public TypeInformation<RowData> rowTypeInfo() {
        return InternalTypeInfo.of(FlinkSchemaUtil.convert(schema));
    }
}
