package io.convstore.cli;

import io.convstore.connectors.lake.ConversationSummariesTable;
import io.convstore.connectors.lake.DeadLettersTable;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.connectors.lake.LakePlan;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.connectors.lake.TenantTrafficTable;
import io.convstore.connectors.lake.TypeTables;
import io.convstore.metadata.RegistryLoader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.DataWriter;

/**
 * A known dataset in a lake with the job's own table definitions: rows given column by column, appended as one
 * commit (one snapshot) per {@link #append} call, one data file per partition. For tests of what reads the lake.
 */
final class LakeFixture {
    private final LakeSettings lake;

    LakeFixture(LakeSettings lake) throws Exception {
        this.lake = lake;
        EventsTable.ensure(lake);
        ConversationSummariesTable.TABLE.ensure(lake);
        DeadLettersTable.TABLE.ensure(lake);
        TenantTrafficTable.TABLE.ensure(lake);
        TypeTables.ensure(lake, RegistryLoader.loadBuiltIn(), LakePlan.SchemaChangeMode.EVOLVE);
    }

    /** A row: column name → value (timestamps as {@link Instant}). */
    static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** The envelope columns every event row has, in the events table and in its type's table. */
    static Map<String, Object> envelope(String tenant, String conversation, long seq, String type, String channel,
            String occurredAt) {
        return row("tenant_id", tenant, "conversation_id", conversation, "seq", seq,
                "event_id", tenant + "/" + conversation + "/" + seq, "type", type, "type_version", 1,
                "occurred_at", Instant.parse(occurredAt), "kafka_timestamp", Instant.parse(occurredAt),
                "actor_role", "customer", "actor_id", "u-1", "channel", channel);
    }

    /** An events-table row: the envelope, the stored position and the payload JSON text. */
    static Map<String, Object> event(String tenant, String conversation, long seq, String type, String channel,
            String occurredAt, String payload) {
        Map<String, Object> row = envelope(tenant, conversation, seq, type, channel, occurredAt);
        row.putAll(row("gap_before", 0L, "late_fill", false, "source_partition", 0, "source_offset", seq,
                "payload", payload));
        return row;
    }

    /** Appends the rows to table {@code name} of the lake's namespace in one commit; returns the new snapshot. */
    long append(String name, List<Map<String, Object>> rows) throws Exception {
        return LakeCatalogs.with(lake, catalog -> {
            Table table = catalog.loadTable(TableIdentifier.of(Namespace.of(lake.namespace()), name));
            Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
            InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
            for (Map<String, Object> values : rows) {
                Record record = GenericRecord.create(table.schema());
                values.forEach((column, value) -> record.setField(column, value instanceof Instant instant
                        ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value));
                PartitionKey key = new PartitionKey(table.spec(), table.schema());
                key.partition(wrapper.wrap(record));
                byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
            }
            GenericAppenderFactory writers = new GenericAppenderFactory(table.schema(), table.spec());
            AppendFiles append = table.newAppend();
            for (Map.Entry<PartitionKey, List<Record>> partition : byPartition.entrySet()) {
                String location = table.locationProvider().newDataLocation(table.spec(), partition.getKey(),
                        UUID.randomUUID() + ".parquet");
                DataWriter<Record> writer = writers.newDataWriter(EncryptedFiles.plainAsEncryptedOutput(
                        table.io().newOutputFile(location)), FileFormat.PARQUET, partition.getKey());
                try (writer) {
                    partition.getValue().forEach(writer::write);
                }
                append.appendFile(writer.toDataFile());
            }
            append.commit();
            table.refresh();
            return table.currentSnapshot().snapshotId();
        });
    }
}
