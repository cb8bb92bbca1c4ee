package io.convstore.jobs;

import io.convstore.connectors.kafka.KafkaSettings.StartingOffsets;
import io.convstore.connectors.lake.LakePlan.SchemaChangeMode;
import io.convstore.connectors.lake.LakeSettings.CatalogType;
import org.apache.flink.configuration.MemorySize;
import org.apache.iceberg.DistributionMode;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Every setting of the ingest job, with its default and meaning. docs/operations.md lists them for operators. */
public final class IngestOptions {
    private IngestOptions() {}

    public static final ConfigOption<String> JOB_NAME = ConfigOptions.key("convstore.job.name")
            .stringType().defaultValue("convstore-ingest").withDescription("Name of the Flink job.");

    public static final ConfigOption<String> METADATA_DIR = ConfigOptions.key("convstore.metadata.dir")
            .stringType().noDefaultValue()
            .withDescription("Metadata directory (types/*.yaml, schemas/*.json); the types built into the jar when "
                    + "unset.");

    public static final ConfigOption<Duration> METADATA_RELOAD_INTERVAL = ConfigOptions
            .key("convstore.metadata.reload-interval").durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How often the running job looks for changed metadata files; a change takes effect "
                    + "within about this long.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions
            .key("convstore.checkpoint.interval").durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Exactly-once checkpoint interval; the lake becomes visible at each checkpoint.");

    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions
            .key("convstore.kafka.bootstrap-servers").stringType().noDefaultValue()
            .withDescription("Kafka bootstrap servers (required).");

    public static final ConfigOption<String> KAFKA_TOPIC = ConfigOptions.key("convstore.kafka.topic")
            .stringType().defaultValue("conversation-events").withDescription("Input topic of event envelopes.");

    public static final ConfigOption<String> KAFKA_DLQ_TOPIC = ConfigOptions.key("convstore.kafka.dlq-topic")
            .stringType().defaultValue("conversation-events.dlq").withDescription("Dead-letter topic.");

    public static final ConfigOption<String> KAFKA_GROUP = ConfigOptions.key("convstore.kafka.group-id")
            .stringType().defaultValue("convstore-ingest")
            .withDescription("Consumer group; offsets are committed to it on each checkpoint (for monitoring).");

    public static final ConfigOption<StartingOffsets> KAFKA_STARTING_OFFSETS = ConfigOptions
            .key("convstore.kafka.starting-offsets").enumType(StartingOffsets.class)
            .defaultValue(StartingOffsets.COMMITTED)
            .withDescription("Where a job without checkpoint or savepoint starts: COMMITTED (group offsets, else "
                    + "earliest), EARLIEST or LATEST.");

    public static final ConfigOption<Boolean> KAFKA_BOUNDED = ConfigOptions.key("convstore.kafka.bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the offsets that are latest when the job starts (backfills, the local command).");

    public static final ConfigOption<String> SERVING_JDBC_URL = ConfigOptions.key("convstore.serving.jdbc-url")
            .stringType().noDefaultValue().withDescription("JDBC URL of the PostgreSQL serving store (required).");

    public static final ConfigOption<String> SERVING_USER = ConfigOptions.key("convstore.serving.user")
            .stringType().defaultValue("postgres").withDescription("Serving-store user.");

    public static final ConfigOption<String> SERVING_PASSWORD = ConfigOptions.key("convstore.serving.password")
            .stringType().defaultValue("").withDescription("Serving-store password.");

    public static final ConfigOption<Duration> SERVING_FLUSH_INTERVAL = ConfigOptions
            .key("convstore.serving.flush-interval").durationType().defaultValue(Duration.ofMillis(200))
            .withDescription("Longest time a row waits in the JDBC batch: the read-after-write bound.");

    public static final ConfigOption<Integer> SERVING_BATCH_SIZE = ConfigOptions.key("convstore.serving.batch-size")
            .intType().defaultValue(1000).withDescription("Most rows per JDBC batch.");

    public static final ConfigOption<Integer> SERVING_MAX_RETRIES = ConfigOptions
            .key("convstore.serving.max-retries").intType().defaultValue(3)
            .withDescription("Retries of a failed batch before the job fails over (and restarts from checkpoint).");

    public static final ConfigOption<Boolean> LAKE_ENABLED = ConfigOptions.key("convstore.lake.enabled")
            .booleanType().defaultValue(true).withDescription("Write the Iceberg lake.");

    public static final ConfigOption<CatalogType> LAKE_CATALOG_TYPE = ConfigOptions
            .key("convstore.lake.catalog-type").enumType(CatalogType.class).defaultValue(CatalogType.HADOOP)
            .withDescription("HADOOP: a local warehouse directory. JDBC: Iceberg JDBC catalog with S3 storage.");

    public static final ConfigOption<String> LAKE_WAREHOUSE = ConfigOptions.key("convstore.lake.warehouse")
            .stringType().noDefaultValue()
            .withDescription("Warehouse location: a directory (HADOOP) or s3://bucket/prefix (JDBC). Required when "
                    + "the lake is enabled.");

    public static final ConfigOption<String> LAKE_CATALOG_URI = ConfigOptions.key("convstore.lake.catalog-uri")
            .stringType().noDefaultValue().withDescription("JDBC URL of the Iceberg catalog database (JDBC type).");

    public static final ConfigOption<String> LAKE_CATALOG_USER = ConfigOptions.key("convstore.lake.catalog-user")
            .stringType().defaultValue("postgres").withDescription("Iceberg catalog database user.");

    public static final ConfigOption<String> LAKE_CATALOG_PASSWORD = ConfigOptions
            .key("convstore.lake.catalog-password").stringType().defaultValue("")
            .withDescription("Iceberg catalog database password.");

    public static final ConfigOption<String> LAKE_S3_ENDPOINT = ConfigOptions.key("convstore.lake.s3.endpoint")
            .stringType().noDefaultValue().withDescription("S3 endpoint override, e.g. http://127.0.0.1:9000.");

    public static final ConfigOption<String> LAKE_S3_ACCESS_KEY = ConfigOptions.key("convstore.lake.s3.access-key")
            .stringType().noDefaultValue().withDescription("S3 access key (else the AWS default chain).");

    public static final ConfigOption<String> LAKE_S3_SECRET_KEY = ConfigOptions.key("convstore.lake.s3.secret-key")
            .stringType().noDefaultValue().withDescription("S3 secret key.");

    public static final ConfigOption<String> LAKE_S3_REGION = ConfigOptions.key("convstore.lake.s3.region")
            .stringType().defaultValue("us-east-1").withDescription("S3 region.");

    public static final ConfigOption<Boolean> LAKE_S3_PATH_STYLE = ConfigOptions
            .key("convstore.lake.s3.path-style-access").booleanType().defaultValue(true)
            .withDescription("Path-style S3 URLs (needed by most S3-compatible servers).");

    public static final ConfigOption<String> LAKE_NAMESPACE = ConfigOptions.key("convstore.lake.namespace")
            .stringType().defaultValue("convstore").withDescription("Iceberg namespace of the lake tables.");

    public static final ConfigOption<SchemaChangeMode> LAKE_SCHEMA_CHANGE = ConfigOptions
            .key("convstore.lake.schema-change").enumType(SchemaChangeMode.class).defaultValue(SchemaChangeMode.EVOLVE)
            .withDescription("What the job does when metadata changes a type table: EVOLVE (add columns, widen "
                    + "types, refuse to start on an incompatible change), LENIENT (also start; refused columns are "
                    + "not written), EXCEPTION (refuse to start on any change to an existing table).");

    public static final ConfigOption<Integer> LAKE_BUCKETS = ConfigOptions.key("convstore.lake.tenant-buckets")
            .intType().defaultValue(4).withDescription("Number of bucket(tenant_id) partitions of new tables.");

    public static final ConfigOption<DistributionMode> LAKE_WRITE_DISTRIBUTION = ConfigOptions
            .key("convstore.lake.write-distribution").enumType(DistributionMode.class)
            .defaultValue(DistributionMode.HASH)
            .withDescription("How rows of the lake's events table reach the file writers: HASH (each partition is "
                    + "written by one subtask: fewer, larger files) or NONE (rows are written where they are).");

    public static final ConfigOption<Duration> ORDER_DEDUP_TTL = ConfigOptions.key("convstore.order.dedup-ttl")
            .durationType().defaultValue(Duration.ofHours(24))
            .withDescription("How long an event id is remembered for duplicate detection.");

    public static final ConfigOption<Integer> ORDER_MAX_BUFFERED = ConfigOptions
            .key("convstore.order.max-buffered-events").intType().defaultValue(1000)
            .withDescription("Most out-of-order events held per conversation before a gap is given up.");

    public static final ConfigOption<MemorySize> VALIDATE_MAX_RECORD_BYTES = ConfigOptions
            .key("convstore.validate.max-record-bytes").memoryType().defaultValue(MemorySize.parse("16mb"))
            .withDescription("Records with a larger value are refused unparsed as payload_too_large dead letters.");

    public static final ConfigOption<Double> VALIDATE_ALARM_SHARE = ConfigOptions
            .key("convstore.validate.alarm-share").doubleType().defaultValue(0.05)
            .withDescription("Share of refused records over the alarm window above which the dead-letter alarm is "
                    + "raised (a WARN log line and metric convstore.dead-letter-alarm = 1); the job keeps running.");

    public static final ConfigOption<Duration> VALIDATE_ALARM_WINDOW = ConfigOptions
            .key("convstore.validate.alarm-window").durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("How far back the dead-letter share looks.");

    public static final ConfigOption<Integer> VALIDATE_ALARM_MIN_RECORDS = ConfigOptions
            .key("convstore.validate.alarm-min-records").intType().defaultValue(100)
            .withDescription("Records the window must hold before the alarm can be raised.");

    public static final ConfigOption<Duration> ORDER_CONVERSATION_TTL = ConfigOptions
            .key("convstore.order.conversation-ttl").durationType().defaultValue(Duration.ofDays(30))
            .withDescription("How long a conversation's sequence position is kept after its last event; one silent "
                    + "for longer starts again as new (events without a producer seq are numbered from 1 again, and "
                    + "the serving store keeps the first event of each seq). Not shorter than the dedup TTL.");

    public static final ConfigOption<Duration> ORDER_MAX_WAIT = ConfigOptions.key("convstore.order.max-wait")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("Longest an out-of-order event waits for its gap to fill.");

    public static final ConfigOption<String> PAYLOADS_LOCATION = ConfigOptions.key("convstore.payloads.location")
            .stringType().noDefaultValue()
            .withDescription("The payload store: s3://bucket/prefix or a local directory, for serving payloads "
                    + "above their type's serving.offload_above and dead letters' values above "
                    + "convstore.payloads.dead-letter-offload-above; reached with the convstore.lake.s3.* settings. "
                    + "Unset: 'payloads' beside the lake's warehouse (s3://lake/warehouse -> s3://lake/payloads); "
                    + "with the lake disabled too, nothing is offloaded (payloads stay compressed in PostgreSQL, "
                    + "values in the dead letter).");

    public static final ConfigOption<MemorySize> PAYLOADS_DEAD_LETTER_OFFLOAD_ABOVE = ConfigOptions
            .key("convstore.payloads.dead-letter-offload-above").memoryType().defaultValue(MemorySize.parse("256kb"))
            .withDescription("A dead letter whose original value is larger (and every payload_too_large letter) "
                    + "keeps that value in the payload store, with its reference, size and SHA-256 in the letter, "
                    + "instead of carrying it to the dead-letter topic and lake table.");

    public static final ConfigOption<Boolean> KAFKA_CURATED_ENABLED = ConfigOptions
            .key("convstore.kafka.curated.enabled").booleanType().defaultValue(true)
            .withDescription("Publish the validated, deduplicated, ordered events to the curated topic (exactly "
                    + "once, Kafka transactions committed on checkpoints).");

    public static final ConfigOption<String> KAFKA_CURATED_TOPIC = ConfigOptions.key("convstore.kafka.curated.topic")
            .stringType().noDefaultValue()
            .withDescription("The curated topic; unset: the input topic's name + '.curated'.");

    public static final ConfigOption<String> KAFKA_CURATED_TRANSACTIONAL_ID_PREFIX = ConfigOptions
            .key("convstore.kafka.curated.transactional-id-prefix").stringType().noDefaultValue()
            .withDescription("Prefix of the curated sink's transactional ids, unique per job on a Kafka cluster; "
                    + "unset: the consumer group id + '-curated'.");

    public static final ConfigOption<Duration> TIME_OUT_OF_ORDERNESS = ConfigOptions
            .key("convstore.time.out-of-orderness").durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How far occurred_at may run behind the highest seen before an event is late: the "
                    + "watermark of the session and traffic stages trails by this much.");

    public static final ConfigOption<Duration> TIME_IDLE_TIMEOUT = ConfigOptions.key("convstore.time.idle-timeout")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("An input without records for this long stops holding the watermark back.");

    public static final ConfigOption<Duration> SESSION_INACTIVITY_GAP = ConfigOptions
            .key("convstore.session.inactivity-gap").durationType().defaultValue(Duration.ofMinutes(30))
            .withDescription("A session ends when its conversation had no event for this long (event time).");

    public static final ConfigOption<Map<String, String>> SESSION_TENANT_GAPS = ConfigOptions
            .key("convstore.session.tenant-gaps").mapType().defaultValue(Map.of())
            .withDescription("Per-tenant inactivity gaps, e.g. 'acme:10min,globex:2h'.");

    public static final ConfigOption<Duration> SESSION_REPORT_INTERVAL = ConfigOptions
            .key("convstore.session.report-interval").durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("An open session's summary is written to the serving store at most this often.");

    public static final ConfigOption<Duration> SESSION_LINK_TTL = ConfigOptions.key("convstore.session.link-ttl")
            .durationType().defaultValue(Duration.ofHours(24))
            .withDescription("How long an ended session is remembered so that a reopening names it.");

    public static final ConfigOption<Duration> TRAFFIC_ALLOWED_LATENESS = ConfigOptions
            .key("convstore.traffic.allowed-lateness").durationType().defaultValue(Duration.ofMinutes(1))
            .withDescription("Late records within this update their minute (an 'update' row); later ones are "
                    + "counted in 'late' rows.");

    public static final ConfigOption<Double> TRAFFIC_HOT_SHARE = ConfigOptions.key("convstore.traffic.hot-share")
            .doubleType().defaultValue(0.5)
            .withDescription("A tenant with a larger share of a minute's events is flagged hot (WARN log line, "
                    + "metric convstore.hot-tenant-minutes).");

    public static final ConfigOption<Long> TRAFFIC_HOT_MIN_EVENTS = ConfigOptions
            .key("convstore.traffic.hot-min-events").longType().defaultValue(100L)
            .withDescription("Minutes with fewer events flag no tenant.");
}
