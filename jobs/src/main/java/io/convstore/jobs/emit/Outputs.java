package io.convstore.jobs.emit;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.LakeRow;
import io.convstore.event.ServingRow;
import io.convstore.event.TargetRecord;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * emit: where the topology's streams go. The topology calls each method once while it is being built; production
 * wires real sinks ({@link ProductionOutputs}), tests may wire others.
 */
public interface Outputs {

    /** Ordered, deduplicated events per conversation, projected for the serving store. */
    void serving(DataStream<ServingRow> rows);

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
}
