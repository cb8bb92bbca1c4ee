package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./convstore local} as a user runs it: the README's example file plus a record with a deliberately wrong key,
 * on embedded services, through to the JSON summary and the stores left in the data directory.
 */
class LocalCommandITCase {

    @Test
    void accountsForEveryRecordOfTheExampleFileAndKeepsTheStores() throws Exception {
        System.setProperty("convstore.home", Path.of("..").toAbsolutePath().normalize().toString());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-local-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../examples/events.jsonl"))) {
            String key = io.convstore.event.Envelope.keyOf(line);
            lines.add((key == null ? "" : key) + "|" + line);
        }
        lines.add("acme/c-somewhere-else|" + Files.readAllLines(Path.of("../examples/events.jsonl")).get(0)
                .replace("\"ev-1\"", "\"ev-wrong-key\""));
        Path input = dir.resolve("events.txt");
        Files.write(input, lines);

        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out));
        int exit = cli.execute("local", "--input", input.toString(), "--data-dir", dir.resolve("data").toString(),
                "--key-separator", "|");

        assertThat(exit).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.toString());
        assertThat(summary.get("produced").asInt()).isEqualTo(12);
        assertThat(summary.get("accepted").asInt()).isEqualTo(7);
        assertThat(summary.get("duplicates").asInt()).isEqualTo(1);
        assertThat(summary.get("dead_letters")).isEqualTo(new ObjectMapper().readTree(
                "{\"key_mismatch\":1,\"malformed_json\":1,\"missing_field\":1,\"unknown_type\":1}"));
        assertThat(summary.get("serving_rows").asInt()).isEqualTo(7);
        assertThat(summary.get("lake_rows").asInt()).isEqualTo(7);
        assertThat(summary.get("dead_letter_topic_records").asInt()).isEqualTo(4);
        assertThat(summary.get("accounted").asBoolean()).isTrue();
        assertThat(Files.isDirectory(dir.resolve("data/lake/convstore/events/data"))).isTrue();
        assertThat(Files.exists(dir.resolve("data/postgres/PG_VERSION"))).isTrue();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
