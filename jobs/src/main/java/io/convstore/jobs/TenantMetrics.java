package io.convstore.jobs;

import io.convstore.event.EnvelopeDecoder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.metrics.MetricGroup;

/**
 * Metrics per tenant, under a {@code tenant} variable (a label in Prometheus), bounded: a tenant id that is not
 * well-formed counts as {@code unknown}, tenants beyond the first {@value #MAX_TENANTS} seen as {@code other}, so
 * garbage input cannot create unbounded metrics.
 *
 * @param <M> the metric (or metrics) kept per tenant
 */
public final class TenantMetrics<M> {
    public static final int MAX_TENANTS = 1000;

    private final Map<String, M> byLabel = new HashMap<>();
    private final Function<MetricGroup, M> create;

    /** @param create registers a tenant's metrics in its group */
    public TenantMetrics(Function<MetricGroup, M> create) {
        this.create = create;
    }

    /** The metrics of {@code tenantId}, registered under {@code group} the first time. */
    public M of(MetricGroup group, String tenantId) {
        String label = !EnvelopeDecoder.validTenantId(tenantId) ? "unknown"
                : byLabel.containsKey(tenantId) || byLabel.size() < MAX_TENANTS ? tenantId : "other";
        return byLabel.computeIfAbsent(label, t -> create.apply(group.addGroup("tenant", t)));
    }
}
