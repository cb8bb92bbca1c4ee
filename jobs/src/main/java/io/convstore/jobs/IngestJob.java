package io.convstore.jobs;

import io.convstore.connectors.kafka.KafkaConnectors;
import io.convstore.connectors.lake.ConversationSummariesTable;
import io.convstore.connectors.lake.DeadLettersTable;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakePlan;
import io.convstore.connectors.lake.TenantTrafficTable;
import io.convstore.connectors.lake.TypeTables;
import io.convstore.connectors.serving.ServingMigrations;
import io.convstore.jobs.emit.ProductionOutputs;
import io.convstore.jobs.reload.MetadataWatcher;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryLoader;
import io.convstore.metadata.RegistryVersion;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest job: Kafka → validate → order per conversation → route by metadata → PostgreSQL serving store,
 * Iceberg lake (all events, and a table per type), extra Kafka targets, and the dead-letter topic. {@code main} parses the configuration, prepares the stores and wires real I/O.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    private IngestJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // on a cluster, convstore.* keys of its config.yaml are the defaults; program arguments override them
        Configuration options = Configuration.fromMap(env.getConfiguration().toMap());
        options.addAll(Configuration.fromMap(ParameterTool.fromArgs(args).toMap()));
        IngestConfig config = IngestConfig.from(options);
        prepare(env, config);
        env.execute(config.jobName());
    }

    /**
     * Loads the metadata registry (failing fast, with every problem, when a type file is wrong), applies
     * serving-store migrations, creates the Kafka target and curated topics and the lake tables (or evolves them under the
     * schema-change mode), and builds the topology on {@code env}:
     * everything short of executing. The CLI and tests use it to run the same job on a MiniCluster.
     */
    public static void prepare(StreamExecutionEnvironment env, IngestConfig config) throws Exception {
        // digest first: a file changed while loading then shows up as a new version to the watcher
        String digest = config.metadataDir() == null ? "built-in" : RegistryLoader.digest(config.metadataDir());
        Registry registry = config.metadataDir() == null
                ? RegistryLoader.loadBuiltIn()
                : RegistryLoader.load(config.metadataDir());
        ServingMigrations.apply(config.serving());
        KafkaConnectors.ensureTopics(config.kafka(), registry.definitions().stream()
                .flatMap(d -> d.kafka().stream()).map(t -> t.topic()).toList());
        KafkaConnectors.ensureCuratedTopic(config.kafka());
        if (config.lake() != null) {
            EventsTable.ensure(config.lake());
            DeadLettersTable.TABLE.ensure(config.lake());
            ConversationSummariesTable.TABLE.ensure(config.lake());
            TenantTrafficTable.TABLE.ensure(config.lake());
            LakePlan plan = TypeTables.ensure(config.lake(), registry, config.schemaChange());
            plan.changes().forEach(change -> LOG.info("Lake: {}", change));
            registry = registry.withoutLakeColumns(plan.refusedColumns());
        }
        configure(env, config);
        RegistryVersion initial = RegistryVersion.of(digest, registry);
        IngestTopology.build(env, KafkaConnectors.eventSource(config.kafka()), metadataSource(config, initial),
                new ProductionOutputs(config.kafka(), config.serving(), config.lake(), config.payloads(),
                        config.deadLetterOffloadAbove()), initial, config);
    }

    /**
     * The source of metadata versions: the watcher ticking every reload interval, or — for a bounded run — once,
     * so the job can finish.
     */
    static DataGeneratorSource<RegistryVersion> metadataSource(IngestConfig config, RegistryVersion initial) {
        MetadataWatcher watcher = new MetadataWatcher(config.metadataDir(), initial, config.lake(), config.kafka(),
                config.schemaChange());
        double perSecond = 1.0 / Math.max(0.001, config.metadataReloadInterval().toMillis() / 1000.0);
        return new DataGeneratorSource<>(watcher, config.kafka().bounded() ? 1 : Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(perSecond), TypeInformation.of(RegistryVersion.class));
    }

    static void configure(StreamExecutionEnvironment env, IngestConfig config) {
        env.configure(config.flink());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Configuration strict = new Configuration();
        // every stream and state type must have a real serializer: Kryo fallback is a bug here
        strict.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(strict);
    }
}
