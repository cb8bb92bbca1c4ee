package io.convstore.event;

/**
 * A tenant's traffic in one minute, as the lake table {@code tenant_traffic} keeps it.
 *
 * @param kind {@code final} (the window closed on time), {@code update} (late records within the allowed lateness
 *     changed it: the counts are the window's new totals), or {@code late} (one record later than that, in its
 *     own minute: add it to the minute's last {@code final}/{@code update} row)
 * @param activeConversations conversations with at least one event in the minute
 * @param share this tenant's share of all tenants' events in the minute ({@code final} rows), else null
 * @param hot whether that share is above the hot-tenant threshold
 */
public record TrafficRow(
        String tenantId,
        long windowStartMillis,
        long windowEndMillis,
        String kind,
        long events,
        long bytes,
        long activeConversations,
        long deadLetters,
        Double share,
        boolean hot,
        long emittedAtMillis) {

    public static final String FINAL = "final";
    public static final String UPDATE = "update";
    public static final String LATE = "late";

    public TrafficRow withShare(double tenantShare, boolean isHot) {
        return new TrafficRow(tenantId, windowStartMillis, windowEndMillis, kind, events, bytes,
                activeConversations, deadLetters, tenantShare, isHot, emittedAtMillis);
    }
}
