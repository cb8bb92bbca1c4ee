package io.convstore.connectors.lake;

import io.convstore.event.Event;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/** Converts an ordered {@link Event} into a row of {@link EventsTable#SCHEMA}, field for field. */
public final class EventRows implements MapFunction<Event, RowData> {
    private static final long serialVersionUID = 1L;

    public static final RowType ROW_TYPE = FlinkSchemaUtil.convert(EventsTable.SCHEMA);

    /** The Flink type of the rows, so they travel with the table serializer rather than Kryo. */
    public static TypeInformation<RowData> typeInfo() {
        return InternalTypeInfo.of(ROW_TYPE);
    }

    @Override
    public RowData map(Event event) {
        GenericRowData row = new GenericRowData(17);
        EnvelopeColumns.fill(row, event);
        row.setField(11, event.producerSeq());
        row.setField(12, event.gapBefore());
        row.setField(13, event.lateFill());
        row.setField(14, event.sourcePartition());
        row.setField(15, event.sourceOffset());
        row.setField(16, StringData.fromString(event.payload()));
        return row;
    }
}
