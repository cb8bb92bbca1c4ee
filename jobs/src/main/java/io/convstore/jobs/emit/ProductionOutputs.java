package io.convstore.jobs.emit;

import io.convstore.connectors.kafka.KafkaConnectors;
import io.convstore.connectors.kafka.KafkaSettings;
import io.convstore.connectors.lake.ConversationSummariesTable;
import io.convstore.connectors.lake.DeadLettersTable;
import io.convstore.connectors.lake.EventRows;
import io.convstore.connectors.lake.JobTable;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.connectors.lake.LakeSinks;
import io.convstore.connectors.lake.TenantTrafficTable;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ConversationUpdate;
import io.convstore.connectors.serving.ServingSettings;
import io.convstore.connectors.serving.ServingSinks;
import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.LakeRow;
import io.convstore.event.ServingRow;
import io.convstore.event.SessionSummary;
import io.convstore.event.TargetRecord;
import io.convstore.event.TrafficRow;
import io.convstore.jobs.Uids;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;

/**
 * The real sinks: PostgreSQL over JDBC, Iceberg ({@code events}, one table per type with a {@code lake:}
 * section, {@code dead_letters}, {@code conversation_summaries}, {@code tenant_traffic}), and the Kafka dead-letter
 * and curated topics; large payloads and dead-letter values through the payload store
 * ({@link Offload}) first.
 */
public final class ProductionOutputs implements Outputs {
    private final KafkaSettings kafka;
    private final ServingSettings serving;
    private final LakeSettings lake;
    private final PayloadStore.Settings payloads;
    private final long deadLetterOffloadAbove;

    /**
     * @param lake the lake settings, or null to run without a lake
     * @param payloads the payload store, or null to offload nothing
     */
    public ProductionOutputs(KafkaSettings kafka, ServingSettings serving, LakeSettings lake,
            PayloadStore.Settings payloads, long deadLetterOffloadAbove) {
        this.kafka = kafka;
        this.serving = serving;
        this.lake = lake;
        this.payloads = payloads;
        this.deadLetterOffloadAbove = deadLetterOffloadAbove;
    }

    @Override
    public void serving(DataStream<ServingRow> routed) {
        DataStream<ServingRow> rows = payloads == null ? routed
                : routed.map(new Offload.ServingPayloads(payloads)).uid(Uids.SERVING_OFFLOAD)
                        .name("serving: offload large payloads");
        rows.sinkTo(ServingSinks.events(serving)).uid(Uids.SERVING_EVENTS).name("serving: conversation_events");
    }

    @Override
    public void conversations(DataStream<ServingRow> rows, DataStream<SessionSummary> summaries) {
        TypeInformation<ConversationUpdate> type = TypeInformation.of(ConversationUpdate.class);
        rows.map(ConversationUpdate::of, type).uid(Uids.SERVING_EVENT_UPDATES).name("serving: event updates")
                .union(summaries.map(ConversationUpdate::of, type).uid(Uids.SERVING_SESSION_UPDATES)
                        .name("serving: session updates"))
                .sinkTo(ServingSinks.conversations(serving)).uid(Uids.SERVING_CONVERSATIONS)
                .name("serving: conversations");
    }

    @Override
    public void lake(DataStream<Event> ordered) {
        if (lake == null) {
            return;
        }
        var rows = ordered.map(new EventRows(), EventRows.typeInfo()).uid(Uids.LAKE_ROWS).name("lake: event rows");
        LakeSinks.events(rows, lake, Uids.LAKE_EVENTS).name("lake: events");
    }

    @Override
    public void typeTables(DataStream<LakeRow> rows) {
        if (lake != null) {
            LakeSinks.typeTables(rows, lake, Uids.LAKE_TYPE_TABLES).name("lake: type tables");
        }
    }

    @Override
    public void kafkaTargets(DataStream<TargetRecord> records) {
        records.sinkTo(KafkaConnectors.targetSink(kafka)).uid(Uids.KAFKA_TARGETS).name("kafka targets");
    }

    @Override
    public void duplicates(DataStream<Event> duplicates) {
        duplicates.sinkTo(ServingSinks.duplicates(serving)).uid(Uids.SERVING_DUPLICATES)
                .name("serving: ingest_duplicates");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> refused) {
        DataStream<DeadLetter> deadLetters = payloads == null ? refused
                : refused.map(new Offload.DeadLetterValues(payloads, deadLetterOffloadAbove))
                        .uid(Uids.DEAD_LETTER_OFFLOAD).name("dead letters: offload large values");
        deadLetters.sinkTo(KafkaConnectors.deadLetterSink(kafka)).uid(Uids.DEAD_LETTERS)
                .name("dead letters: " + kafka.deadLetterTopic());
        if (lake != null) {
            append(deadLetters, new DeadLettersTable.Rows(), DeadLettersTable.TABLE, Uids.LAKE_DEAD_LETTER_ROWS,
                    Uids.LAKE_DEAD_LETTERS);
        }
    }

    @Override
    public void curated(DataStream<Event> ordered) {
        if (kafka.curatedTopic() != null) {
            ordered.sinkTo(KafkaConnectors.curatedSink(kafka)).uid(Uids.CURATED)
                    .name("curated: " + kafka.curatedTopic());
        }
    }

    @Override
    public void sessions(DataStream<SessionSummary> summaries) {
        if (lake != null) {
            append(summaries.filter(SessionSummary::closed), new ConversationSummariesTable.Rows(),
                    ConversationSummariesTable.TABLE, Uids.LAKE_SUMMARY_ROWS, Uids.LAKE_SUMMARIES);
        }
    }

    @Override
    public void traffic(DataStream<TrafficRow> traffic) {
        if (lake != null) {
            append(traffic, new TenantTrafficTable.Rows(), TenantTrafficTable.TABLE, Uids.LAKE_TRAFFIC_ROWS,
                    Uids.LAKE_TRAFFIC);
        }
    }

    /** {@code stream} as rows of one of the job's own tables, appended exactly once per checkpoint. */
    private <T> void append(DataStream<T> stream, MapFunction<T, RowData> rows, JobTable table, String rowsUid,
            String sinkUid) {
        var mapped = stream.map(rows, table.rowTypeInfo()).uid(rowsUid).name("lake: " + table.name() + " rows");
        LakeSinks.append(mapped, lake, table.identifier(lake), sinkUid).name("lake: " + table.name());
    }
}
