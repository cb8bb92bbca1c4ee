package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetadataCommandTest {
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
    }

    @Test
    void validatesTheShippedTypes() {
        assertThat(run("metadata", "validate", "../metadata")).isZero();
        assertThat(out.toString()).contains("ok  chat.message             v1  -> lake table chat_messages (6 columns)",
                "5 types valid in ../metadata");
    }

    @Test
    void listsEveryProblemAndFails(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("types"));
        Files.writeString(dir.resolve("types/survey.response.yaml"), """
                type: survey.response
                version: 0
                descripton: typo
                schema: {type: object, properties: {score: {type: integer}}}
                lake:
                  table: surveys
                  columns:
                    - { name: score, from: /payload/score, type: text }
                """);

        assertThat(run("metadata", "validate", dir.toString())).isEqualTo(1);

        String file = dir.resolve("types/survey.response.yaml").toString();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "error  " + file + ":1:1: description: is required",
                "error  " + file + ":2:10: version: must be 1 or more",
                "error  " + file + ":8:50: lake.columns[0].type: unknown type 'text'; allowed: string, long, int, "
                        + "double, boolean, timestamp, date, decimal(p,s), list<string>",
                "error  " + file + ":3:1: descripton: unknown key; allowed here: description, kafka, lake, schema, "
                        + "serving, type, version",
                "4 problems in " + dir, ""));
    }

    @Test
    void showsAResolvedDefinition() {
        assertThat(run("metadata", "show", "email.message", "--dir", "../metadata")).isZero();
        assertThat(out.toString()).contains("\"table\" : \"email_messages\"", "\"type\" : \"list<string>\"",
                "\"transform\" : \"sha256\"", "\"compressAboveBytes\" : 4096", "\"drop\" : [ \"/payload/body_html\" ]");
    }
}
