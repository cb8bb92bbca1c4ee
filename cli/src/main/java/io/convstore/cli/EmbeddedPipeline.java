package io.convstore.cli;

import io.convstore.jobs.IngestConfig;
import io.convstore.jobs.IngestJob;
import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.S3Server;
import io.convstore.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job on embedded real services: the sandbox (Kafka, PostgreSQL, S3) under a data directory and a local
 * MiniCluster configured from {@code flink-conf/local/config.yaml}. Used by {@code demo} and {@code local}.
 */
final class EmbeddedPipeline implements AutoCloseable {
    static final int PARTITIONS = 4;

    /** Where the lake lives. */
    enum Lake {
        /** Iceberg JDBC catalog in the sandbox PostgreSQL, files on the sandbox S3 server. */
        S3,
        /** A Hadoop catalog in a directory under the data directory: easy to look at with any Parquet tool. */
        LOCAL_DIRECTORY
    }

    final Sandbox sandbox;
    final IngestConfig config;
    final Path dataDir;
    private final Thread stopOnExit;
    private boolean closed;
    private StoreProbe probe;

    private EmbeddedPipeline(Sandbox sandbox, IngestConfig config, Path dataDir) {
        this.sandbox = sandbox;
        this.config = config;
        this.dataDir = dataDir;
        // Ctrl-C must not leave a PostgreSQL server behind
        this.stopOnExit = new Thread(this::closeQuietly, "convstore-stop-services");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static EmbeddedPipeline start(Path dataDir, Lake lake, Map<String, String> overrides) throws Exception {
        Sandbox sandbox = Sandbox.start(dataDir, Postgres.Durability.DURABLE);
        try {
            Configuration conf = GlobalConfiguration.loadConfiguration(Home.localFlinkConf().toString());
            sandboxOptions(sandbox, dataDir, lake).forEach(conf::setString);
            // checkpoints to files: the JobManager's memory storage refuses state above 5 MB (reached with some
            // 40,000 open conversations)
            conf.setString("execution.checkpointing.dir", dataDir.resolve("checkpoints").toUri().toString());
            overrides.forEach(conf::setString);
            IngestConfig config = IngestConfig.from(conf);
            sandbox.kafka().createTopics(PARTITIONS, config.kafka().topic(), config.kafka().deadLetterTopic());
            return new EmbeddedPipeline(sandbox, config, dataDir);
        } catch (Exception e) {
            sandbox.close();
            throw e;
        }
    }

    /**
     * The job options that point the ingest job at the sandbox's services: Kafka, the serving store, the metadata
     * directory of the checkout, and the lake (on the S3 server, catalog in PostgreSQL, or in a local directory).
     */
    static Map<String, String> sandboxOptions(Sandbox sandbox, Path dataDir, Lake lake) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("convstore.kafka.bootstrap-servers", sandbox.kafka().bootstrapServers());
        options.put("convstore.metadata.dir", Home.root().resolve("metadata").toString());
        options.put("convstore.serving.jdbc-url", sandbox.postgres().jdbcUrl());
        if (lake == Lake.S3) {
            options.put("convstore.lake.catalog-type", "JDBC");
            options.put("convstore.lake.catalog-uri", sandbox.postgres().jdbcUrl());
            options.put("convstore.lake.warehouse", "s3://" + Sandbox.LAKE_BUCKET + "/warehouse");
            options.put("convstore.lake.s3.endpoint", sandbox.s3().endpoint());
            options.put("convstore.lake.s3.access-key", S3Server.ACCESS_KEY);
            options.put("convstore.lake.s3.secret-key", S3Server.SECRET_KEY);
        } else {
            options.put("convstore.lake.catalog-type", "HADOOP");
            options.put("convstore.lake.warehouse", dataDir.resolve("lake").toAbsolutePath().toUri().toString());
        }
        return options;
    }

    /** A local MiniCluster environment with the ingest job built on it, ready to execute. */
    StreamExecutionEnvironment prepareJob() throws Exception {
        return prepareJob(config);
    }

    /** The same, for a variant of this pipeline's configuration ({@link #configWith}). */
    static StreamExecutionEnvironment prepareJob(IngestConfig variant) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(variant.flink());
        IngestJob.prepare(env, variant);
        return env;
    }

    /** This pipeline's configuration with some options changed (e.g. a bounded run). */
    IngestConfig configWith(Map<String, String> options) {
        Configuration conf = new Configuration(config.flink());
        options.forEach(conf::setString);
        return IngestConfig.from(conf);
    }

    /** The probe of this pipeline's stores (one Kafka admin client for the pipeline's life). */
    synchronized StoreProbe probe() {
        if (probe == null) {
            probe = new StoreProbe(sandbox.kafka().bootstrapServers(), config);
        }
        return probe;
    }

    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != stopOnExit) {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        if (probe != null) {
            probe.close();
        }
        sandbox.close();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("convstore: stopping the services failed: " + e.getMessage());
        }
    }
}
