package io.convstore.connectors.lake;

import io.convstore.event.Event;
import io.convstore.metadata.Registry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.flink.sink.dynamic.DynamicIcebergSink;
import org.apache.iceberg.flink.sink.dynamic.TableCreator;

/**
 * The Iceberg sink of the lake: files are written continuously and committed on each checkpoint, so the table is
 * exactly-once with respect to the job's checkpoints.
 */
public final class LakeSinks {
    private LakeSinks() {}

    /**
     * Writes each event with a type table to that table through Iceberg's Dynamic Sink, which creates a table on
     * first use and adds the columns a newer type version declares. Committed on each checkpoint.
     *
     * @param notWritten per table, columns not written (refused schema changes in LENIENT mode)
     * @param uidPrefix the stable prefix of the sink's operator uids; never change it once released
     */
    public static DataStreamSink<?> typeTables(DataStream<Event> events, Registry registry,
            Map<String, Set<String>> notWritten, LakeSettings settings, String uidPrefix) {
        Map<String, Map<String, String>> properties = new HashMap<>();
        registry.definitions().stream().filter(d -> d.lake() != null)
                .forEach(d -> properties.put(d.lake().table(), TypeTables.properties(d.lake())));
        TableCreator creator = (catalog, identifier, schema, spec) -> catalog.createTable(identifier, schema, spec,
                properties.getOrDefault(identifier.name(), TypeTables.DEFAULT_PROPERTIES));
        return DynamicIcebergSink.forInput(events)
                .generator(new TypeTableRecords(registry, settings.namespace(), notWritten))
                .catalogLoader(LakeCatalogs.loader(settings))
                .tableCreator(creator)
                .uidPrefix(uidPrefix)
                .append();
    }

    /**
     * Appends {@code rows} (of {@link EventsTable#SCHEMA}) to the events table.
     *
     * @param uidSuffix the stable suffix Iceberg derives its operator uids from; never change it once released
     */
    public static DataStreamSink<RowData> events(DataStream<RowData> rows, LakeSettings settings, String uidSuffix) {
        TableLoader table = TableLoader.fromCatalog(LakeCatalogs.loader(settings), EventsTable.identifier(settings));
        return IcebergSink.forRowData(rows)
                .tableLoader(table)
                .uidSuffix(uidSuffix)
                .append();
    }
}
