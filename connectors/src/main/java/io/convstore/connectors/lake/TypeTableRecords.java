package io.convstore.connectors.lake;

import io.convstore.event.LakeRow;
import io.convstore.metadata.LakeRowMapper;
import io.convstore.metadata.LakeTarget;
import io.convstore.metadata.LakeTargets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.util.Collector;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecord;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecordGenerator;

/**
 * Turns a routed {@link LakeRow} into a record of its type's table for the Dynamic Iceberg Sink. The schema, spec
 * and mapper of each table definition are built once and cached (a few definitions are in use at a time).
 */
public final class TypeTableRecords implements DynamicRecordGenerator<LakeRow> {
    private static final long serialVersionUID = 1L;
    private static final int CACHED_DEFINITIONS = 256;

    private final String namespace;
    private transient Map<ByteBuffer, Target> targets;

    /** What one table definition writes to. */
    private record Target(TableIdentifier table, Schema schema, PartitionSpec spec, LakeTarget lake,
            LakeRowMapper mapper) {}

    public TypeTableRecords(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public void open(OpenContext openContext) {
        targets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Target> eldest) {
                return size() > CACHED_DEFINITIONS;
            }
        };
    }

    @Override
    public void generate(LakeRow row, Collector<DynamicRecord> out) {
        Target target = targets.computeIfAbsent(ByteBuffer.wrap(row.lakeTarget()), key -> {
            LakeTarget lake = LakeTargets.fromBytes(row.lakeTarget());
            Schema schema = TypeTables.schema(lake);
            return new Target(TypeTables.identifier(namespace, lake), schema, TypeTables.spec(schema, lake), lake,
                    new LakeRowMapper(lake));
        });
        LakeRowMapper.Row mapped = target.mapper().map(row.event());
        out.collect(new DynamicRecord(target.table(), SnapshotRef.MAIN_BRANCH, target.schema(),
                TypeTables.row(row.event(), mapped.values(), target.lake()), target.spec()));
    }
}
