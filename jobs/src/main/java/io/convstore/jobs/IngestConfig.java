package io.convstore.jobs;

import static io.convstore.jobs.IngestOptions.*;

import io.convstore.connectors.kafka.KafkaSettings;
import io.convstore.connectors.lake.LakePlan.SchemaChangeMode;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ServingSettings;
import io.convstore.jobs.order.OrderSettings;
import io.convstore.jobs.session.SessionSettings;
import io.convstore.jobs.traffic.TrafficSettings;
import io.convstore.jobs.validate.DeadLetterAlarm;
import io.convstore.jobs.validate.ValidateSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * The ingest job's configuration, parsed and checked once at start. Any problem fails fast with the option key in
 * the message.
 *
 * @param metadataDir the metadata directory, or null for the types built into the jar
 * @param lake the lake settings, or null when the lake is disabled
 * @param schemaChange what to do when metadata changes an existing type table
 * @param payloads the payload store, or null when nothing is offloaded
 * @param deadLetterOffloadAbove dead letters with a larger value keep it in the payload store
 * @param flink every option given, for the Flink environment (Flink's own keys pass through)
 */
public record IngestConfig(
        String jobName,
        Duration checkpointInterval,
        Path metadataDir,
        Duration metadataReloadInterval,
        KafkaSettings kafka,
        ServingSettings serving,
        LakeSettings lake,
        SchemaChangeMode schemaChange,
        PayloadStore.Settings payloads,
        long deadLetterOffloadAbove,
        ValidateSettings validate,
        OrderSettings order,
        EventTime time,
        SessionSettings session,
        TrafficSettings traffic,
        Configuration flink) {

    /** Parses {@code --key value} arguments. */
    public static IngestConfig fromArgs(String[] args) {
        return from(Configuration.fromMap(ParameterTool.fromArgs(args).toMap()));
    }

    public static IngestConfig fromMap(Map<String, String> options) {
        return from(Configuration.fromMap(options));
    }

    public static IngestConfig from(Configuration conf) {
        String topic = conf.get(KAFKA_TOPIC);
        String group = conf.get(KAFKA_GROUP);
        KafkaSettings kafka = new KafkaSettings(required(conf, KAFKA_BOOTSTRAP), topic, conf.get(KAFKA_DLQ_TOPIC),
                conf.get(KAFKA_CURATED_ENABLED) ? conf.getOptional(KAFKA_CURATED_TOPIC).orElse(topic + ".curated")
                        : null,
                conf.getOptional(KAFKA_CURATED_TRANSACTIONAL_ID_PREFIX).orElse(group + "-curated"), group,
                conf.get(KAFKA_STARTING_OFFSETS), conf.get(KAFKA_BOUNDED));
        ServingSettings serving = new ServingSettings(required(conf, SERVING_JDBC_URL), conf.get(SERVING_USER),
                conf.get(SERVING_PASSWORD), positive(conf, SERVING_FLUSH_INTERVAL),
                atLeast(conf, SERVING_BATCH_SIZE, 1), atLeast(conf, SERVING_MAX_RETRIES, 0));
        LakeSettings lake = conf.get(LAKE_ENABLED) ? lake(conf) : null;
        OrderSettings order = new OrderSettings(positive(conf, ORDER_DEDUP_TTL), atLeast(conf, ORDER_MAX_BUFFERED, 1),
                positive(conf, ORDER_MAX_WAIT), positive(conf, ORDER_CONVERSATION_TTL));
        if (order.conversationTtl().compareTo(order.dedupTtl()) < 0) {
            throw new IllegalArgumentException("option '" + ORDER_CONVERSATION_TTL.key() + "' must not be shorter "
                    + "than '" + ORDER_DEDUP_TTL.key() + "' (" + order.dedupTtl() + "), was "
                    + order.conversationTtl());
        }
        String metadata = conf.get(METADATA_DIR);
        return new IngestConfig(conf.get(JOB_NAME), positive(conf, CHECKPOINT_INTERVAL),
                metadata == null || metadata.isBlank() ? null : Path.of(metadata),
                positive(conf, METADATA_RELOAD_INTERVAL), kafka, serving, lake,
                readable(conf, LAKE_SCHEMA_CHANGE), payloads(conf, lake),
                readable(conf, PAYLOADS_DEAD_LETTER_OFFLOAD_ABOVE).getBytes(), validate(conf), order,
                new EventTime(atLeastZero(conf, TIME_OUT_OF_ORDERNESS), positive(conf, TIME_IDLE_TIMEOUT)),
                session(conf), traffic(conf), conf);
    }

    private static SessionSettings session(Configuration conf) {
        Map<String, Duration> gaps = new HashMap<>();
        readable(conf, SESSION_TENANT_GAPS).forEach((tenant, gap) -> {
            Duration parsed;
            try {
                parsed = TimeUtils.parseDuration(gap.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + SESSION_TENANT_GAPS.key() + "': the gap of tenant '"
                        + tenant + "' is not a duration: '" + gap + "'", e);
            }
            if (parsed.isZero() || parsed.isNegative()) {
                throw new IllegalArgumentException("option '" + SESSION_TENANT_GAPS.key() + "': the gap of tenant '"
                        + tenant + "' must be positive, was " + gap);
            }
            gaps.put(tenant.strip(), parsed);
        });
        return new SessionSettings(positive(conf, SESSION_INACTIVITY_GAP), gaps, positive(conf,
                SESSION_REPORT_INTERVAL), positive(conf, SESSION_LINK_TTL));
    }

    private static TrafficSettings traffic(Configuration conf) {
        double share = readable(conf, TRAFFIC_HOT_SHARE);
        if (share <= 0 || share > 1) {
            throw new IllegalArgumentException("option '" + TRAFFIC_HOT_SHARE.key() + "' must be a share in (0, 1], "
                    + "was " + share);
        }
        long minEvents = readable(conf, TRAFFIC_HOT_MIN_EVENTS);
        if (minEvents < 1) {
            throw new IllegalArgumentException("option '" + TRAFFIC_HOT_MIN_EVENTS.key() + "' must be >= 1, was "
                    + minEvents);
        }
        return new TrafficSettings(atLeastZero(conf, TRAFFIC_ALLOWED_LATENESS), share, minEvents);
    }

    private static Duration atLeastZero(Configuration conf, ConfigOption<Duration> option) {
        Duration value = readable(conf, option);
        if (value.isNegative()) {
            throw new IllegalArgumentException("option '" + option.key() + "' must not be negative, was " + value);
        }
        return value;
    }

    private static PayloadStore.Settings payloads(Configuration conf, LakeSettings lake) {
        String location = conf.get(PAYLOADS_LOCATION);
        if (location == null || location.isBlank()) {
            if (lake == null) {
                return null;
            }
            location = besideWarehouse(lake.warehouse());
        }
        return new PayloadStore.Settings(location, LakeSettings.s3Properties(conf.get(LAKE_S3_ENDPOINT),
                conf.get(LAKE_S3_ACCESS_KEY), conf.get(LAKE_S3_SECRET_KEY), conf.get(LAKE_S3_REGION),
                conf.get(LAKE_S3_PATH_STYLE)));
    }

    /** {@code payloads} beside the warehouse: s3://lake/warehouse -> s3://lake/payloads, /data/lake -> /data/payloads. */
    static String besideWarehouse(String warehouse) {
        String trimmed = warehouse.replaceAll("/+$", "");
        int scheme = trimmed.indexOf("://");
        int pathStart = scheme < 0 ? 0 : trimmed.indexOf('/', scheme + 3);
        int slash = trimmed.lastIndexOf('/');
        if (pathStart < 0 || slash < pathStart) {
            return trimmed + "/payloads"; // a bare bucket or a relative name: inside it
        }
        return trimmed.substring(0, slash) + "/payloads";
    }

    private static ValidateSettings validate(Configuration conf) {
        long bytes = readable(conf, VALIDATE_MAX_RECORD_BYTES).getBytes();
        if (bytes < 1024) {
            throw new IllegalArgumentException("option '" + VALIDATE_MAX_RECORD_BYTES.key()
                    + "' must be at least 1kb, was " + bytes + " bytes");
        }
        double share = readable(conf, VALIDATE_ALARM_SHARE);
        if (share <= 0 || share > 1) {
            throw new IllegalArgumentException("option '" + VALIDATE_ALARM_SHARE.key()
                    + "' must be a share in (0, 1], was " + share);
        }
        Duration window = readable(conf, VALIDATE_ALARM_WINDOW);
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("option '" + VALIDATE_ALARM_WINDOW.key()
                    + "' must be at least 1s, was " + window);
        }
        return new ValidateSettings(bytes, new DeadLetterAlarm.Settings(share, window,
                atLeast(conf, VALIDATE_ALARM_MIN_RECORDS, 1)));
    }

    private static LakeSettings lake(Configuration conf) {
        LakeSettings.CatalogType type = conf.get(LAKE_CATALOG_TYPE);
        String warehouse = required(conf, LAKE_WAREHOUSE);
        String catalogUri = conf.get(LAKE_CATALOG_URI);
        if (type == LakeSettings.CatalogType.JDBC && catalogUri == null) {
            throw new IllegalArgumentException("option '" + LAKE_CATALOG_URI.key() + "' is required when '"
                    + LAKE_CATALOG_TYPE.key() + "' is JDBC");
        }
        if (type == LakeSettings.CatalogType.HADOOP && warehouse.startsWith("s3")) {
            throw new IllegalArgumentException("option '" + LAKE_WAREHOUSE.key() + "' is an S3 location, which needs '"
                    + LAKE_CATALOG_TYPE.key() + ": JDBC' (a HADOOP catalog is safe on local files only)");
        }
        return new LakeSettings(type, warehouse, catalogUri, conf.get(LAKE_CATALOG_USER),
                conf.get(LAKE_CATALOG_PASSWORD), conf.get(LAKE_S3_ENDPOINT), conf.get(LAKE_S3_ACCESS_KEY),
                conf.get(LAKE_S3_SECRET_KEY), conf.get(LAKE_S3_REGION), conf.get(LAKE_S3_PATH_STYLE),
                conf.get(LAKE_NAMESPACE), atLeast(conf, LAKE_BUCKETS, 1),
                readable(conf, LAKE_WRITE_DISTRIBUTION));
    }

    private static String required(Configuration conf, ConfigOption<String> option) {
        String value = conf.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing required option '" + option.key() + "': "
                    + new HtmlFormatter().format(option.description()));
        }
        return value;
    }

    private static Duration positive(Configuration conf, ConfigOption<Duration> option) {
        Duration value = readable(conf, option);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("option '" + option.key() + "' must be a positive duration, was "
                    + value);
        }
        return value;
    }

    private static int atLeast(Configuration conf, ConfigOption<Integer> option, int min) {
        int value = readable(conf, option);
        if (value < min) {
            throw new IllegalArgumentException("option '" + option.key() + "' must be >= " + min + ", was " + value);
        }
        return value;
    }

    /** Reads an option, turning Flink's parse error into one that names the key. */
    private static <T> T readable(Configuration conf, ConfigOption<T> option) {
        try {
            return conf.get(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + option.key() + "' has an invalid value: "
                    + e.getMessage(), e);
        }
    }
}
