package io.convstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.convstore.metadata.MetadataException;
import io.convstore.metadata.Problem;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryLoader;
import io.convstore.metadata.TypeDefinition;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./convstore metadata ...}: check and inspect interaction type files without running anything. */
@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = "Validate and inspect the interaction type files (metadata/types/*.yaml).",
        subcommands = {MetadataCommand.Validate.class, MetadataPlan.class, MetadataCommand.Show.class})
final class MetadataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path defaultDir() {
        return Home.root().resolve("metadata");
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check every type file of a metadata directory; print every problem found. "
                    + "Exit 0 when all are valid, 1 otherwise.")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Metadata directory (default: ./metadata).")
        Path dir;

        @Override
        public Integer call() {
            Path root = dir != null ? dir : defaultDir();
            var out = spec.commandLine().getOut();
            try {
                Registry registry = RegistryLoader.load(root);
                for (TypeDefinition d : registry.definitions()) {
                    out.printf("ok  %-24s v%d  %s%n", d.type(), d.version(), d.lake() == null ? "(events table only)"
                            : "-> lake table " + d.lake().table() + " (" + d.lake().columns().size() + " columns)");
                }
                out.printf("%d types valid in %s%n", registry.definitions().size(), root);
                return 0;
            } catch (MetadataException e) {
                for (Problem problem : e.problems()) {
                    out.println("error  " + problem);
                }
                out.printf("%d problem%s in %s%n", e.problems().size(), e.problems().size() == 1 ? "" : "s", root);
                return 1;
            } finally {
                out.flush();
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the resolved definition of a type (all defaults filled in) as JSON.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "TYPE", description = "The type, e.g. chat.message.")
        String type;

        @Option(names = "--version", description = "The version (default: the latest).")
        Integer version;

        @Option(names = "--dir", paramLabel = "DIR", description = "Metadata directory (default: ./metadata).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Registry registry = RegistryLoader.load(dir != null ? dir : defaultDir());
            int wanted = version != null ? version : registry.latestVersion(type).orElse(-1);
            var found = registry.find(type, wanted);
            var out = spec.commandLine().getOut();
            if (found.isEmpty()) {
                spec.commandLine().getErr().printf("no type %s%s; known types: %s%n", type,
                        version == null ? "" : " v" + version, registry.types());
                return 1;
            }
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            TypeDefinition d = found.get();
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("type", d.type());
            shown.put("version", d.version());
            shown.put("description", d.description());
            shown.put("source", d.source());
            shown.put("lake", d.lake());
            shown.put("serving", d.serving());
            shown.put("kafka", d.kafka());
            shown.put("schema", json.readTree(d.schema()));
            out.println(json.writeValueAsString(shown));
            out.flush();
            return 0;
        }
    }
}
