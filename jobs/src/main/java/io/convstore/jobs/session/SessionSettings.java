package io.convstore.jobs.session;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * How sessions end and how often open ones are reported.
 *
 * @param inactivityGap a session ends when no event of its conversation occurred for this long (event time)
 * @param tenantGaps per-tenant overrides of {@code inactivityGap}
 * @param reportInterval how often an open session's summary is written (processing time; at most once per this)
 * @param linkTtl how long a closed session is remembered, so that a reopening names it (processing time)
 */
public record SessionSettings(Duration inactivityGap, Map<String, Duration> tenantGaps, Duration reportInterval,
        Duration linkTtl) implements Serializable {

    public SessionSettings {
        tenantGaps = Map.copyOf(tenantGaps);
    }

    /** The inactivity gap of {@code tenantId}, in milliseconds. */
    long gapMillis(String tenantId) {
        return tenantGaps.getOrDefault(tenantId, inactivityGap).toMillis();
    }
}
