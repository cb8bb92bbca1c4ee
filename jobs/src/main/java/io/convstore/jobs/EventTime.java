package io.convstore.jobs;

import io.convstore.event.RawRecord;
import io.convstore.metadata.RegistryVersion;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the job: each record's Kafka timestamp (CreateTime: when the producer sent the record, unless it
 * set one — the event's time as Kafka knows it). Watermarks are made at
 * the source, per partition, trailing the highest timestamp seen by {@code outOfOrderness}; a partition idle for
 * {@code idleTimeout} stops holding them back. Per partition means a backlog read partition by partition is not
 * late: each partition's watermark advances with its own data.
 */
public record EventTime(Duration outOfOrderness, Duration idleTimeout) implements Serializable {

    /** The input's watermarks, per Kafka partition. */
    public WatermarkStrategy<RawRecord> forSource() {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(outOfOrderness).withIdleness(idleTimeout);
    }

    /**
     * The metadata versions' watermarks: none — the input declares itself idle, so the operators it feeds take
     * their event time from the events alone. (Not a watermark at the end of time: while every Kafka partition is
     * idle too, the operators would take that one and end every session at once.)
     */
    public static WatermarkStrategy<RegistryVersion> forMetadata() {
        return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(RegistryVersion version, long timestamp, WatermarkOutput output) {
                output.markIdle();
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        });
    }
}
