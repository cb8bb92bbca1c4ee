package io.convstore.jobs.reload;

import io.convstore.connectors.kafka.KafkaConnectors;
import io.convstore.connectors.kafka.KafkaSettings;
import io.convstore.connectors.lake.LakePlan;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.connectors.lake.TypeTables;
import io.convstore.metadata.MetadataException;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryLoader;
import io.convstore.metadata.RegistryVersion;
import java.nio.file.Path;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the metadata directory (the generator of a one-subtask source that ticks every reload interval). When
 * the files change it loads them, applies what they need to the stores — type tables created, columns added, types
 * widened, Kafka target topics created — and only then emits the new version, which every subscriber receives by
 * broadcast. A version that does not load or whose table changes are refused is logged and counted, and the
 * version in force stays: a broken file never stops the job. Between changes it re-emits the version in force,
 * which subscribers ignore by digest.
 */
public final class MetadataWatcher implements GeneratorFunction<Long, RegistryVersion> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataWatcher.class);

    private final String dir;
    private final RegistryVersion initial;
    private final LakeSettings lake;
    private final KafkaSettings kafka;
    private final LakePlan.SchemaChangeMode mode;
    private transient RegistryVersion current;
    private transient String lastRefusedDigest;
    private transient Counter refusedVersions;
    private transient Counter appliedVersions;

    /**
     * @param dir the metadata directory, or null when the job runs on the built-in types (nothing to watch)
     * @param lake the lake settings, or null without a lake
     */
    public MetadataWatcher(Path dir, RegistryVersion initial, LakeSettings lake, KafkaSettings kafka,
            LakePlan.SchemaChangeMode mode) {
        this.dir = dir == null ? null : dir.toAbsolutePath().toString();
        this.initial = initial;
        this.lake = lake;
        this.kafka = kafka;
        this.mode = mode;
    }

    @Override
    public void open(SourceReaderContext context) {
        current = initial;
        refusedVersions = context.metricGroup().counter("convstore.metadata.refused-versions");
        appliedVersions = context.metricGroup().counter("convstore.metadata.applied-versions");
    }

    @Override
    public RegistryVersion map(Long tick) throws Exception {
        if (dir == null) {
            return current;
        }
        Path root = Path.of(dir);
        String digest = RegistryLoader.digest(root);
        if (digest.equals(current.digest()) || digest.equals(lastRefusedDigest)) {
            return current;
        }
        try {
            Registry registry = apply(RegistryLoader.load(root));
            current = RegistryVersion.of(digest, registry);
            appliedVersions.inc();
            LOG.info("Metadata version {} in force: {}", digest, registry.definitions().stream()
                    .map(d -> d.key().toString()).toList());
        } catch (MetadataException | LakePlan.RefusedException e) {
            lastRefusedDigest = digest;
            refusedVersions.inc();
            LOG.warn("Metadata version {} refused; version {} stays in force. {}", digest, current.digest(),
                    e.getMessage());
        }
        return current;
    }

    /** Brings the stores in line with a new registry; returns the registry as the job will use it. */
    private Registry apply(Registry registry) throws Exception {
        KafkaConnectors.ensureTopics(kafka, registry.definitions().stream().flatMap(d -> d.kafka().stream())
                .map(t -> t.topic()).toList());
        if (lake == null) {
            return registry;
        }
        LakePlan plan = TypeTables.ensure(lake, registry, mode);
        plan.changes().forEach(change -> LOG.info("Lake: {}", change));
        return registry.withoutLakeColumns(plan.refusedColumns());
    }
}
