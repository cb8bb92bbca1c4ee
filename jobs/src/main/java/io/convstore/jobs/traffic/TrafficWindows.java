package io.convstore.jobs.traffic;

import io.convstore.event.TrafficRow;
import io.convstore.event.TrafficTick;
import io.convstore.jobs.Uids;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * traffic: one-minute event-time windows per tenant over accepted events and dead letters, by their records' event
 * time (stamped on the ticks) and the job's watermarks. Records within the allowed
 * lateness update their window ({@code update} rows); records later than that are never dropped: each becomes a
 * {@code late} row of its own minute (rare by construction: later than the out-of-orderness plus the allowed
 * lateness; a per-record row also needs no timer, so a bounded run flushes them like everything else).
 */
public final class TrafficWindows {
    static final Duration MINUTE = Duration.ofMinutes(1);
    private static final OutputTag<TrafficTick> LATE = new OutputTag<>("traffic-late",
            TypeInformation.of(TrafficTick.class));

    private TrafficWindows() {}

    /** @param ticks every accepted event's and dead letter's tick, with event-time timestamps and watermarks */
    public static DataStream<TrafficRow> build(DataStream<TrafficTick> ticks, TrafficSettings settings) {
        SingleOutputStreamOperator<TrafficRow> minutes = ticks
                .keyBy(TrafficTick::tenantId)
                .window(TumblingEventTimeWindows.of(MINUTE))
                .allowedLateness(settings.allowedLateness())
                .sideOutputLateData(LATE)
                .aggregate(new TrafficTotals.Sum(), new WindowRows(), TypeInformation.of(TrafficTotals.class),
                        TypeInformation.of(TrafficTotals.class), TypeInformation.of(TrafficRow.class))
                .uid(Uids.TRAFFIC_WINDOWS).name("traffic: tenant minutes");
        DataStream<TrafficRow> late = minutes.getSideOutput(LATE)
                .map(WindowRows::late, TypeInformation.of(TrafficRow.class))
                .uid(Uids.TRAFFIC_LATE_ROWS).name("traffic: late records");
        return minutes.union(late)
                .keyBy(TrafficRow::windowStartMillis)
                .process(new HotTenants(settings), TypeInformation.of(TrafficRow.class))
                .uid(Uids.TRAFFIC_HOT_TENANTS).name("traffic: hot tenants");
    }
}
