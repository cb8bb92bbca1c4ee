package io.convstore.jobs.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.convstore.event.TrafficRow;
import io.convstore.event.TrafficTick;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The traffic windows on a local MiniCluster with scripted ticks in a fixed order (so the watermark is known at
 * every record): counts per tenant and minute, active conversations, dead letters, the hot flag, an update within
 * the allowed lateness and a late record beyond it, none dropped.
 */
class TrafficWindowsTest {
    private static final long T0 = Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();

    private static TrafficTick event(String tenant, long seconds, boolean firstInMinute, long bytes) {
        return new TrafficTick(tenant, T0 + seconds * 1000, 1, bytes, firstInMinute ? 1 : 0, 0);
    }

    private static final List<TrafficTick> SCRIPT = List.of(
            new TrafficTick("acme", T0 + 20_000, 0, 7, 0, 1), // a dead letter
            event("acme", 5, true, 10),
            event("acme", 30, false, 10),
            event("globex", 40, true, 20),
            event("acme", 70, true, 10),
            event("acme", 150, true, 10), // watermark 2:30: minutes 0 and 1 close
            event("acme", 50, false, 10), // minute 0 is past its allowed lateness (2:00): a late row
            event("acme", 100, false, 10)); // minute 1 is within it (3:00): an update row

    @Test
    void countsEachTenantsMinutesFlagsHotTenantsAndKeepsLateRecords() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        TypeInformation<TrafficTick> type = TypeInformation.of(TrafficTick.class);
        env.getConfig().setAutoWatermarkInterval(20);
        // three records a second: the periodic watermark (every 20 ms) follows each record before the next
        // the dead letter first, then the events; watermarks as the job's source makes them (no out-of-orderness)
        WatermarkStrategy<TrafficTick> time = WatermarkStrategy.<TrafficTick>forBoundedOutOfOrderness(Duration.ZERO)
                .withTimestampAssigner((tick, previous) -> tick.timestampMillis());
        DataStream<TrafficTick> ticks = env.fromSource(new DataGeneratorSource<>(i -> SCRIPT.get(i.intValue()),
                SCRIPT.size(), RateLimiterStrategy.perSecond(3), type), time, "ticks");

        DataStream<TrafficRow> rows = TrafficWindows.build(ticks, new TrafficSettings(Duration.ofMinutes(1), 0.5, 1));
        List<TrafficRow> out = new ArrayList<>();
        try (CloseableIterator<TrafficRow> results = rows.executeAndCollect("traffic-windows-test")) {
            results.forEachRemaining(out::add);
        }

        long m0 = T0;
        long m1 = T0 + 60_000;
        long m2 = T0 + 120_000;
        assertThat(out).extracting(TrafficRow::tenantId, TrafficRow::windowStartMillis, TrafficRow::kind,
                        TrafficRow::events, TrafficRow::bytes, TrafficRow::activeConversations,
                        TrafficRow::deadLetters, TrafficRow::share, TrafficRow::hot)
                .containsExactlyInAnyOrder(
                        tuple("acme", m0, "final", 2L, 27L, 1L, 1L, 2.0 / 3, true),
                        tuple("globex", m0, "final", 1L, 20L, 1L, 0L, 1.0 / 3, false),
                        tuple("acme", m1, "final", 1L, 10L, 1L, 0L, 1.0, true),
                        tuple("acme", m0, "late", 1L, 10L, 0L, 0L, null, false),
                        tuple("acme", m1, "update", 2L, 20L, 1L, 0L, null, false),
                        tuple("acme", m2, "final", 1L, 10L, 1L, 0L, 1.0, true));
        assertThat(out).allSatisfy(row -> assertThat(row.windowEndMillis() - row.windowStartMillis())
                .isEqualTo(60_000));
    }
}
