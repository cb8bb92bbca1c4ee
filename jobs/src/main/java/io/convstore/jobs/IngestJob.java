package io.convstore.jobs;

import io.convstore.connectors.kafka.KafkaConnectors;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakePlan;
import io.convstore.connectors.lake.TypeTables;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.convstore.connectors.serving.ServingMigrations;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryLoader;
import io.convstore.jobs.emit.ProductionOutputs;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest job: Kafka → validate → order per conversation → PostgreSQL serving store, Iceberg lake, and the
 * dead-letter topic. {@code main} parses the configuration, prepares the stores and wires real I/O.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    private IngestJob() {}

    public static void main(String[] args) throws Exception {
        IngestConfig config = IngestConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flink());
        prepare(env, config);
        env.execute(config.jobName());
    }

    /**
     * Loads the metadata registry (failing fast, with every problem, when a type file is wrong), applies
     * serving-store migrations, creates the lake table if needed, and builds the topology on {@code env}:
     * everything short of executing. The CLI and tests use it to run the same job on a MiniCluster.
     */
    public static void prepare(StreamExecutionEnvironment env, IngestConfig config) throws Exception {
        Registry registry = config.metadataDir() == null
                ? RegistryLoader.loadBuiltIn()
                : RegistryLoader.load(config.metadataDir());
        ServingMigrations.apply(config.serving());
        KafkaConnectors.ensureTopics(config.kafka(), registry.definitions().stream()
                .flatMap(d -> d.kafka().stream()).map(t -> t.topic()).toList());
        Map<String, Set<String>> lakeColumnsNotWritten = Map.of();
        if (config.lake() != null) {
            EventsTable.ensure(config.lake());
            LakePlan plan = TypeTables.ensure(config.lake(), registry, config.schemaChange());
            plan.changes().forEach(change -> LOG.info("Lake: {}", change));
            lakeColumnsNotWritten = plan.refusedColumns();
        }
        configure(env, config);
        IngestTopology.build(env, KafkaConnectors.eventSource(config.kafka()),
                new ProductionOutputs(config.kafka(), config.serving(), config.lake(), registry,
                        lakeColumnsNotWritten), registry,
                config.order());
    }

    static void configure(StreamExecutionEnvironment env, IngestConfig config) {
        env.configure(config.flink());
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        org.apache.flink.configuration.Configuration strict = new org.apache.flink.configuration.Configuration();
        // every stream and state type must have a real serializer: Kryo fallback is a bug here
        strict.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(strict);
    }
}
