package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark harness keeps working: a few seconds of load, every record accounted for, results written. */
class BenchSmokeITCase {

    @Test
    void smokeScenarioAccountsForEveryRecordAndWritesResults() throws Exception {
        System.setProperty("convstore.home", Path.of("..").toAbsolutePath().normalize().toString());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-bench-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        int exit = Main.commandLine().setOut(new PrintWriter(new StringWriter())).execute("bench", "smoke",
                "--seconds", "4", "--rate", "100", "--conversations", "200", "--data-dir",
                dir.resolve("data").toString(), "--results-dir", dir.resolve("results").toString());

        assertThat(exit).isZero();
        Path file;
        try (Stream<Path> files = Files.list(dir.resolve("results"))) {
            file = files.filter(f -> f.getFileName().toString().startsWith("smoke-")).findFirst().orElseThrow();
        }
        JsonNode results = new ObjectMapper().readTree(file.toFile());
        long produced = results.get("produced").asLong();
        assertThat(produced).isBetween(300L, 450L);
        assertThat(results.get("accounted").asBoolean()).isTrue();
        assertThat(results.get("accepted").asLong() + results.get("duplicates").asLong()
                + results.get("dead_letters").asLong()).isEqualTo(produced + results.get("warm_up_records").asLong());
        JsonNode latency = results.get("visibility_latency_ms");
        assertThat(latency.get("rows").asLong()).isPositive();
        assertThat(latency.get("p50").asDouble()).isPositive().isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(results.get("samples")).isNotEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
