package io.convstore.connectors.lake;

import io.convstore.event.Event;
import io.convstore.metadata.LakeRowMapper;
import io.convstore.metadata.LakeTarget;
import io.convstore.metadata.Registry;
import io.convstore.metadata.TypeDefinition;
import io.convstore.metadata.TypeDefinition.TypeKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.util.Collector;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecord;
import org.apache.iceberg.flink.sink.dynamic.DynamicRecordGenerator;

/**
 * Routes each event to its type's own lake table for the Dynamic Iceberg Sink: one record per event of a type
 * with a {@code lake:} section, none for other types. Schemas, specs and mappers are built once in {@code open()}.
 */
public final class TypeTableRecords implements DynamicRecordGenerator<Event> {
    private static final long serialVersionUID = 1L;

    private final Registry registry;
    private final String namespace;
    private final Map<String, Set<String>> notWritten;
    private transient Map<TypeKey, Target> targets;

    /** What one type version writes to. */
    private record Target(TableIdentifier table, Schema schema, PartitionSpec spec, LakeTarget lake,
            LakeRowMapper mapper) {}

    /**
     * @param notWritten per table, the columns left out of every row (refused schema changes in LENIENT mode)
     */
    public TypeTableRecords(Registry registry, String namespace, Map<String, Set<String>> notWritten) {
        this.registry = registry;
        this.namespace = namespace;
        this.notWritten = new HashMap<>(notWritten);
    }

    @Override
    public void open(OpenContext openContext) {
        targets = new HashMap<>();
        for (TypeDefinition definition : registry.definitions()) {
            LakeTarget lake = definition.lake();
            if (lake != null) {
                Set<String> skipped = notWritten.getOrDefault(lake.table(), Set.of());
                lake = new LakeTarget(lake.table(), lake.columns().stream()
                        .filter(c -> !skipped.contains(c.name())).toList(), lake.partition(), lake.properties());
                Schema schema = TypeTables.schema(lake);
                targets.put(definition.key(), new Target(TypeTables.identifier(namespace, lake), schema,
                        TypeTables.spec(schema, lake), lake, new LakeRowMapper(lake)));
            }
        }
    }

    @Override
    public void generate(Event event, Collector<DynamicRecord> out) {
        Target target = targets.get(new TypeKey(event.type(), event.typeVersion()));
        if (target == null) {
            return;
        }
        LakeRowMapper.Row row = target.mapper().map(event);
        out.collect(new DynamicRecord(target.table(), SnapshotRef.MAIN_BRANCH, target.schema(),
                TypeTables.row(event, row.values(), target.lake()), target.spec()));
    }
}
