package io.convstore.cli;

import io.convstore.connectors.lake.LakeSettings;
import io.convstore.jobs.IngestOptions;
import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.S3Server;
import io.convstore.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.iceberg.DistributionMode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which lake the {@code sql} and {@code export} commands read: {@code --warehouse} (a directory, or S3 with a JDBC
 * catalog) or, by default, the demo's data under {@code ./.convstore} — its PostgreSQL (catalog) and S3 server are
 * started for the command when the demo is not running, and left alone when it is.
 */
final class LakeOptions {
    @Option(names = "--warehouse", paramLabel = "URI", description = "The lake: file:///dir (Iceberg Hadoop "
            + "catalog) or s3://bucket/prefix with --catalog-uri (JDBC catalog). Default: the demo's data.")
    String warehouse;

    @Option(names = "--catalog-uri", paramLabel = "JDBC_URL", description = "Iceberg JDBC catalog database, e.g. "
            + "jdbc:postgresql://db:5432/convstore.")
    String catalogUri;

    @Option(names = "--catalog-user", defaultValue = "postgres", description = "Catalog database user (default: "
            + "${DEFAULT-VALUE}).")
    String catalogUser;

    @Option(names = "--catalog-password", defaultValue = "", description = "Catalog database password.")
    String catalogPassword;

    @Mixin
    S3Options s3Access;

    @Option(names = "--namespace", defaultValue = "convstore", description = "The lake's namespace (default: "
            + "${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The demo's data directory, read when "
            + "--warehouse is not given (default: ./.convstore).")
    Path dataDir;

    /** The lake and whatever had to be started to reach it (closed with it). */
    record OpenLake(LakeSettings settings, AutoCloseable services) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            services.close();
        }
    }

    OpenLake open() throws Exception {
        if (warehouse != null) {
            boolean onS3 = warehouse.startsWith("s3://") || warehouse.startsWith("s3a://");
            if (onS3 && catalogUri == null) {
                throw new IllegalArgumentException("--warehouse " + warehouse + " is on S3: give the Iceberg JDBC "
                        + "catalog with --catalog-uri");
            }
            return new OpenLake(settings(onS3 ? LakeSettings.CatalogType.JDBC : LakeSettings.CatalogType.HADOOP,
                    warehouse, catalogUri, s3Access.endpoint, s3Access.accessKey, s3Access.secretKey), () -> { });
        }
        Path dir = dataDir != null ? dataDir : Home.root().resolve(".convstore");
        if (!Files.exists(dir.resolve("postgres/PG_VERSION"))) {
            throw new IllegalArgumentException("no demo data under " + dir + ": run ./convstore demo first, or "
                    + "name a lake with --warehouse (and --catalog-uri for S3)");
        }
        Optional<Postgres> running = Postgres.running(dir.resolve("postgres"));
        Postgres postgres = running.isPresent() ? running.get()
                : Postgres.start(dir.resolve("postgres"), Postgres.Durability.DURABLE);
        S3Server s3;
        try {
            s3 = S3Server.start(dir.resolve("s3"));
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
        LakeSettings settings = settings(LakeSettings.CatalogType.JDBC, "s3://" + Sandbox.LAKE_BUCKET
                + "/warehouse", postgres.jdbcUrl(), s3.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        return new OpenLake(settings, () -> {
            s3.close();
            postgres.close();
        });
    }

    private LakeSettings settings(LakeSettings.CatalogType type, String warehouse, String uri, String endpoint,
            String accessKey, String secretKey) {
        return new LakeSettings(type, warehouse, uri, catalogUser, catalogPassword, endpoint, accessKey, secretKey,
                s3Access.region, true, namespace, IngestOptions.LAKE_BUCKETS.defaultValue(), DistributionMode.NONE);
    }
}
