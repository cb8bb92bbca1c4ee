package io.convstore.connectors.lake;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.DistributionMode;

/**
 * Which Iceberg catalog holds the lake and how its files are reached.
 *
 * @param warehouse a local directory (HADOOP catalog) or {@code s3://bucket/prefix} (JDBC catalog + S3FileIO)
 * @param catalogUri the JDBC URL of the catalog database (JDBC catalog only)
 * @param s3Endpoint an S3-API endpoint override such as {@code http://127.0.0.1:9000}, or null for AWS
 * @param buckets the number of {@code bucket(tenant_id)} partitions
 * @param distribution how rows of the events table reach its writers: {@code HASH} sends each partition to one
 *     writer subtask (half the files at parallelism 2, fewer open files per writer); {@code NONE} writes where the
 *     row is
 */
public record LakeSettings(
        CatalogType catalogType,
        String warehouse,
        String catalogUri,
        String catalogUser,
        String catalogPassword,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        boolean s3PathStyleAccess,
        String namespace,
        int buckets,
        DistributionMode distribution) implements Serializable {

    public enum CatalogType {
        /** Metadata and data files in a local (or HDFS) directory: the embedded default. */
        HADOOP,
        /** Iceberg's JDBC catalog (in PostgreSQL) with data on S3 through S3FileIO. */
        JDBC
    }

    /** The Iceberg catalog properties these settings stand for. */
    public Map<String, String> catalogProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("warehouse", warehouse);
        if (catalogType == CatalogType.JDBC) {
            props.put("uri", catalogUri);
            putIfSet(props, "jdbc.user", catalogUser);
            putIfSet(props, "jdbc.password", catalogPassword);
            props.put("jdbc.schema-version", "V1");
        }
        if (warehouse.startsWith("s3://") || warehouse.startsWith("s3a://")) {
            props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
            props.putAll(s3Properties());
        }
        return props;
    }

    /** The S3FileIO properties of these settings' S3 endpoint, keys and region (also the payload store's). */
    public Map<String, String> s3Properties() {
        return s3Properties(s3Endpoint, s3AccessKey, s3SecretKey, s3Region, s3PathStyleAccess);
    }

    /** S3FileIO properties for an endpoint (null: AWS), keys (null: the default credential chain) and region. */
    public static Map<String, String> s3Properties(String endpoint, String accessKey, String secretKey,
            String region, boolean pathStyleAccess) {
        Map<String, String> props = new HashMap<>();
        putIfSet(props, "s3.endpoint", endpoint);
        putIfSet(props, "s3.access-key-id", accessKey);
        putIfSet(props, "s3.secret-access-key", secretKey);
        props.put("s3.path-style-access", Boolean.toString(pathStyleAccess));
        putIfSet(props, "client.region", region);
        return props;
    }

    private static void putIfSet(Map<String, String> props, String key, String value) {
        if (value != null && !value.isEmpty()) {
            props.put(key, value);
        }
    }
}
