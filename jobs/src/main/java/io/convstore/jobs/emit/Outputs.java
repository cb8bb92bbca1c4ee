package io.convstore.jobs.emit;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.LakeRow;
import io.convstore.event.ServingRow;
import io.convstore.event.SessionSummary;
import io.convstore.event.TargetRecord;
import io.convstore.event.TrafficRow;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * emit: where the topology's streams go. The topology calls each method once while it is being built; production
 * wires real sinks ({@link ProductionOutputs}), tests may wire others.
 */
public interface Outputs {

    /** Ordered, deduplicated events per conversation, projected for the serving store. */
    void serving(DataStream<ServingRow> rows);

    /**
     * The {@code conversations} rows: folded from the serving rows and the session summaries (one writer per
     * conversation).
     */
    void conversations(DataStream<ServingRow> rows, DataStream<SessionSummary> summaries);

    /** The ordered events, to the lake's events table. */
    void lake(DataStream<Event> ordered);

    /** Events routed to their type's own lake table. */
    void typeTables(DataStream<LakeRow> rows);

    /** Reshaped records for the types' extra Kafka targets. */
    void kafkaTargets(DataStream<TargetRecord> records);

    /** Every refused record. */
    void deadLetters(DataStream<DeadLetter> deadLetters);

    /** Events dropped as duplicates: recorded by their source offsets so an audit can account for every record. */
    void duplicates(DataStream<Event> duplicates);

    /** The ordered, deduplicated events, for the curated topic. */
    void curated(DataStream<Event> ordered);

    /** Session summaries, for the lake: open ones every few seconds, and each session's final one. */
    void sessions(DataStream<SessionSummary> summaries);

    /** Tenant traffic per minute. */
    void traffic(DataStream<TrafficRow> rows);
}
