package io.convstore.connectors.lake;

import io.convstore.event.LakeRow;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.flink.sink.dynamic.DynamicIcebergSink;

/**
 * The Iceberg sink of the lake: files are written continuously and committed on each checkpoint, so the table is
 * exactly-once with respect to the job's checkpoints.
 */
public final class LakeSinks {
    private LakeSinks() {}

    /**
     * Writes each routed row to its type's own table through Iceberg's Dynamic Sink, which adds the columns a newer
     * type version declares. Tables are created beforehand ({@link TypeTables#ensure}); committed on each
     * checkpoint. Rows are written where they are (the sink's hash distribution stopped writing a table after its
     * schema evolved in our hot-reload test, so {@link LakeSettings#distribution()} applies to the events table
     * only).
     *
     * @param uidPrefix the stable prefix of the sink's operator uids; never change it once released
     */
    public static DataStreamSink<?> typeTables(DataStream<LakeRow> rows, LakeSettings settings, String uidPrefix) {
        return DynamicIcebergSink.forInput(rows)
                .generator(new TypeTableRecords(settings.namespace()))
                .catalogLoader(LakeCatalogs.loader(settings))
                .uidPrefix(uidPrefix)
                .append();
    }

    /**
     * Appends {@code rows} to one of the job's own tables (dead letters, conversation summaries, tenant traffic),
     * exactly once per checkpoint.
     */
    public static DataStreamSink<RowData> append(DataStream<RowData> rows, LakeSettings settings,
            TableIdentifier table, String uidSuffix) {
        return IcebergSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(LakeCatalogs.loader(settings), table))
                .uidSuffix(uidSuffix)
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
                .distributionMode(settings.distribution())
                .append();
    }
}
