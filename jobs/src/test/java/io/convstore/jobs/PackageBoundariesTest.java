package io.convstore.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tree is the architecture: stage packages hold business rules and import no connector classes, and imports
 * point downstream only (ingest → validate → order → route → emit; order → session → traffic).
 */
class PackageBoundariesTest {
    private static final Path JOBS = Path.of("src/main/java/io/convstore/jobs");

    private static List<String> importsOf(String stage) throws IOException {
        try (Stream<Path> files = Files.walk(JOBS.resolve(stage))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("import "));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void stagesImportNoConnectors() throws IOException {
        for (String stage : List.of("validate", "order", "route", "session", "traffic")) {
            assertThat(importsOf(stage)).as("imports of %s", stage)
                    .noneMatch(i -> i.startsWith("import io.convstore.connectors"));
        }
    }

    @Test
    void importsPointDownstreamOnly() throws IOException {
        assertThat(importsOf("validate")).noneMatch(i -> i.matches("import io\\.convstore\\.jobs\\.(order|route|emit)\\..*"));
        assertThat(importsOf("order")).noneMatch(i -> i.matches("import io\\.convstore\\.jobs\\.(validate|route|emit)\\..*"));
        assertThat(importsOf("route")).noneMatch(i -> i.matches("import io\\.convstore\\.jobs\\.(validate|order|emit)\\..*"));
        assertThat(importsOf("session")).noneMatch(
                i -> i.matches("import io\\.convstore\\.jobs\\.(validate|order|route|emit|traffic)\\..*"));
        assertThat(importsOf("traffic")).noneMatch(
                i -> i.matches("import io\\.convstore\\.jobs\\.(validate|order|route|emit|session)\\..*"));
    }
}
