package io.convstore.jobs;

/**
 * Stable operator uids of the ingest job. A released uid never changes: savepoints map state to operators by
 * these strings, so renaming one silently drops that operator's state on upgrade.
 */
public final class Uids {
    public static final String KAFKA_SOURCE = "ingest-kafka-source";
    public static final String VALIDATE = "validate-envelope";
    public static final String ORDER = "order-conversation";
    public static final String SERVING_EVENTS = "emit-serving-events";
    public static final String SERVING_CONVERSATIONS = "emit-serving-conversations";
    public static final String SERVING_DUPLICATES = "emit-serving-duplicates";
    public static final String SERVING_OFFLOAD = "emit-serving-offload";
    public static final String DEAD_LETTER_OFFLOAD = "emit-dead-letter-offload";
    public static final String LAKE_ROWS = "emit-lake-event-rows";
    /** Suffix from which the Iceberg sink derives the uids of its writer and committer. */
    public static final String LAKE_EVENTS = "emit-lake-events";
    /** The dead-letter rows map and the Iceberg sink of the dead_letters table (uid suffix). */
    public static final String LAKE_DEAD_LETTER_ROWS = "emit-lake-dead-letter-rows";
    public static final String LAKE_DEAD_LETTERS = "emit-lake-dead-letters";
    public static final String DEAD_LETTERS = "emit-dead-letters";
    public static final String METADATA_SOURCE = "metadata-watcher";
    public static final String ROUTE = "route-metadata-targets";
    public static final String KAFKA_TARGETS = "emit-kafka-targets";
    /** Prefix from which the Dynamic Iceberg Sink derives the uids of the per-type table writers. */
    public static final String LAKE_TYPE_TABLES = "emit-lake-type-tables";

    public static final String SESSIONS = "session-conversation";
    public static final String TRAFFIC_EVENT_TIME = "traffic-event-time";
    public static final String TRAFFIC_DEAD_LETTER_TICKS = "traffic-dead-letter-ticks";
    public static final String TRAFFIC_WINDOWS = "traffic-tenant-minutes";
    public static final String TRAFFIC_LATE_ROWS = "traffic-late-rows";
    public static final String TRAFFIC_HOT_TENANTS = "traffic-hot-tenants";
    public static final String SERVING_EVENT_UPDATES = "emit-serving-event-updates";
    public static final String SERVING_SESSION_UPDATES = "emit-serving-session-updates";
    public static final String LAKE_SUMMARY_ROWS = "emit-lake-summary-rows";
    public static final String LAKE_SUMMARIES = "emit-lake-summaries";
    public static final String LAKE_TRAFFIC_ROWS = "emit-lake-traffic-rows";
    public static final String LAKE_TRAFFIC = "emit-lake-traffic";
    public static final String CURATED = "emit-curated-topic";

    private Uids() {}
}
