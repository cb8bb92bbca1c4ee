package io.convstore.cli;

import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.connectors.lake.LakePlan;
import io.convstore.connectors.serving.ServingMigrations;
import io.convstore.jobs.IngestConfig;
import io.convstore.metadata.KafkaTarget;
import io.convstore.metadata.MetadataException;
import io.convstore.metadata.Problem;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryLoader;
import io.convstore.metadata.TypeDefinition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore metadata plan}: what starting the job with a metadata directory would change, in the
 * spirit of {@code terraform plan} — lake tables to create, columns to add, types to widen, changes refused and
 * why, serving-store migrations to apply, Kafka topics to create. Changes nothing.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what applying a metadata directory would change in the lake, the serving store and "
                + "Kafka. Exit 1 when a change would be refused. Without store settings it plans against the "
                + "demo's stores under ./.convstore.")
final class MetadataPlan implements Callable<Integer> {
    private static final String NO_KAFKA = "-";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Metadata directory (default: ./metadata).")
    Path dir;

    @Option(names = "--config", paramLabel = "DIR",
            description = "A directory holding a Flink config.yaml with the job's convstore.* options.")
    Path configDir;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A job option, e.g. "
            + "-Dconvstore.serving.jdbc-url=jdbc:postgresql://db/convstore (repeatable).")
    Map<String, String> options = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir != null ? dir : MetadataCommand.defaultDir();
        Registry registry;
        try {
            registry = RegistryLoader.load(root);
        } catch (MetadataException e) {
            e.problems().stream().map(Problem::toString).forEach(p -> out.println("error  " + p));
            out.printf("%d problems in %s: fix them first (./convstore metadata validate)%n", e.problems().size(),
                    root);
            out.flush();
            return 1;
        }
        Configuration conf = configDir != null ? GlobalConfiguration.loadConfiguration(configDir.toString())
                : new Configuration();
        options.forEach(conf::setString);
        if (conf.getString("convstore.serving.jdbc-url", null) == null) {
            out.println("No store settings given: planning against the demo's stores under "
                    + Home.root().resolve(".convstore") + " ...");
            try (EmbeddedPipeline demo = EmbeddedPipeline.start(Home.root().resolve(".convstore"),
                    EmbeddedPipeline.Lake.S3, Map.of())) {
                return print(out, root, registry, demo.config, false);
            }
        }
        if (conf.getString("convstore.kafka.bootstrap-servers", null) == null) {
            conf.setString("convstore.kafka.bootstrap-servers", NO_KAFKA);
        }
        return print(out, root, registry, IngestConfig.from(conf), !NO_KAFKA.equals(
                conf.getString("convstore.kafka.bootstrap-servers", NO_KAFKA)));
    }

    private static int print(PrintWriter out, Path root, Registry registry, IngestConfig config, boolean kafka)
            throws Exception {
        out.printf("Plan for %s%n", root);
        int changes = 0;
        int refused = 0;
        out.println("lake (" + (config.lake() == null ? "disabled" : config.lake().warehouse()) + "):");
        if (config.lake() != null) {
            LakePlan plan = LakeCatalogs.with(config.lake(),
                    catalog -> LakePlan.of(catalog, config.lake().namespace(), registry));
            plan.changes().forEach(change -> out.println("  " + change));
            if (plan.changes().isEmpty()) {
                out.println("  (no changes)");
            }
            refused += plan.refused().size();
            changes += plan.changes().size() - plan.refused().size();
        }
        out.println("serving store (" + config.serving().jdbcUrl() + "):");
        List<String> migrations = ServingMigrations.pending(config.serving());
        migrations.forEach(m -> out.println("  + apply migration " + m));
        if (migrations.isEmpty()) {
            out.println("  (no changes)");
        }
        changes += migrations.size();
        Set<String> topics = new TreeSet<>();
        for (TypeDefinition definition : registry.definitions()) {
            definition.kafka().stream().map(KafkaTarget::topic).forEach(topics::add);
        }
        if (kafka) {
            out.println("kafka (" + config.kafka().bootstrapServers() + "):");
            Set<String> existing = existingTopics(config.kafka().bootstrapServers());
            List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
            missing.forEach(t -> out.println("  + create topic " + t));
            if (missing.isEmpty()) {
                out.println("  (no changes)");
            }
            changes += missing.size();
        } else {
            out.println("kafka: not checked (no convstore.kafka.bootstrap-servers); the job creates missing target "
                    + "topics " + topics + " at start");
        }
        out.printf("%d to change, %d refused.%s%n", changes, refused, refused > 0
                ? " The job will not start with schema-change mode EVOLVE or EXCEPTION; LENIENT starts and leaves "
                        + "the refused columns unwritten." : "");
        out.flush();
        return refused > 0 ? 1 : 0;
    }

    private static Set<String> existingTopics(String bootstrapServers) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
