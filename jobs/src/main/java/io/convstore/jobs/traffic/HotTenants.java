package io.convstore.jobs.traffic;

import io.convstore.event.TrafficRow;
import io.convstore.jobs.TenantMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by minute: gathers every tenant's {@code final} row of the minute until the watermark passes its end, then
 * gives each its share of the minute's events and flags a tenant above {@link TrafficSettings#hotShare()} as hot
 * (a WARN log line and metric {@code convstore.hot-tenant-minutes}). {@code update} and {@code late} rows pass
 * through. Also counts each tenant's events and dead letters as metrics labelled by tenant.
 */
final class HotTenants extends KeyedProcessFunction<Long, TrafficRow, TrafficRow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HotTenants.class);

    private final TrafficSettings settings;
    // this minute's final rows by tenant; cleared when the minute is decided
    private transient MapState<String, TrafficRow> minute;
    private transient TenantMetrics<Counter[]> perTenant;
    private transient Counter hotMinutes;
    private transient volatile double lastTopShare;

    HotTenants(TrafficSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        minute = getRuntimeContext().getMapState(new MapStateDescriptor<>("minute-rows", Types.STRING,
                TypeInformation.of(TrafficRow.class)));
        perTenant = new TenantMetrics<>(group -> new Counter[] {group.counter("convstore.tenant-events"),
            group.counter("convstore.tenant-dead-letters")});
        hotMinutes = getRuntimeContext().getMetricGroup().counter("convstore.hot-tenant-minutes");
        getRuntimeContext().getMetricGroup().gauge("convstore.top-tenant-share", () -> lastTopShare);
    }

    @Override
    public void processElement(TrafficRow row, Context ctx, Collector<TrafficRow> out) throws Exception {
        count(row);
        if (!TrafficRow.FINAL.equals(row.kind())) {
            out.collect(row);
            return;
        }
        minute.put(row.tenantId(), row);
        ctx.timerService().registerEventTimeTimer(row.windowEndMillis() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrafficRow> out) throws Exception {
        List<TrafficRow> rows = new ArrayList<>();
        minute.values().forEach(rows::add);
        minute.clear();
        long total = rows.stream().mapToLong(TrafficRow::events).sum();
        double top = 0;
        for (TrafficRow row : rows) {
            double share = total == 0 ? 0 : (double) row.events() / total;
            boolean hot = total >= settings.hotMinEvents() && share > settings.hotShare();
            if (hot) {
                hotMinutes.inc();
                LOG.warn("Hot tenant {}: {}% of the {} events in the minute from {} (threshold {}%)", row.tenantId(),
                        Math.round(share * 1000) / 10.0, total, Instant.ofEpochMilli(row.windowStartMillis()),
                        Math.round(settings.hotShare() * 1000) / 10.0);
            }
            top = Math.max(top, share);
            out.collect(row.withShare(share, hot));
        }
        lastTopShare = top;
    }

    private void count(TrafficRow row) {
        Counter[] counters = perTenant.of(getRuntimeContext().getMetricGroup(), row.tenantId());
        if (!TrafficRow.UPDATE.equals(row.kind())) { // an update repeats its window's totals
            counters[0].inc(row.events());
            counters[1].inc(row.deadLetters());
        }
    }
}
