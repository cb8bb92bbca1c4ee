package io.convstore.jobs;

import io.convstore.event.Event;
import io.convstore.event.TrafficTick;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the session and traffic stages: {@code occurred_at}, with watermarks that trail the highest time
 * seen by {@code outOfOrderness} and that ignore an input (partition, subtask) idle for {@code idleTimeout}, so one
 * quiet partition does not hold every window open.
 */
public record EventTime(Duration outOfOrderness, Duration idleTimeout) implements Serializable {

    /** Ordered events by {@code occurred_at}. */
    public WatermarkStrategy<Event> forEvents() {
        return WatermarkStrategy.<Event>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((event, previous) -> Math.floorDiv(event.occurredAtMicros(), 1000L))
                .withIdleness(idleTimeout);
    }

    /** Traffic ticks by their time ({@code occurred_at}, or a dead letter's refusal time). */
    public WatermarkStrategy<TrafficTick> forTicks() {
        return WatermarkStrategy.<TrafficTick>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((tick, previous) -> tick.timestampMillis())
                .withIdleness(idleTimeout);
    }
}
