package io.convstore.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of mistake in a metadata file gets its exact message, with file, line, column and key. */
class RegistryLoaderErrorsTest {
    private static final String SCHEMA = """
            {"type": "object", "required": ["score"], "properties": {
              "score": {"type": "integer"},
              "comment": {"type": "string"},
              "answered_at": {"type": "string", "format": "date-time"},
              "tags": {"type": "array", "items": {"type": "string"}}}}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(dir.resolve("types"));
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/survey.response.v1.json"), SCHEMA);
    }

    private List<String> problems(String fileName, String yaml) throws IOException {
        Files.writeString(dir.resolve("types").resolve(fileName), yaml);
        MetadataException error = catchThrowableOfType(MetadataException.class, () -> RegistryLoader.load(dir));
        assertThat(error).as("loading should fail").isNotNull();
        String prefix = dir.resolve("types").resolve(fileName) + ":";
        return error.problems().stream().map(p -> p.toString().replace(prefix, "")).toList();
    }

    private static String survey(String lake) {
        return """
                type: survey.response
                version: 1
                description: A customer's answer to a satisfaction survey.
                schema: ../schemas/survey.response.v1.json
                """ + lake;
    }

    @Test
    void loadsAValidNewType() throws Exception {
        Files.writeString(dir.resolve("types/survey.response.yaml"), survey("""
                lake:
                  table: survey_responses
                  columns:
                    - { name: score, from: /payload/score, type: int, required: true }
                    - { name: tags, from: /payload/tags, type: list<string> }
                """));

        TypeDefinition survey = RegistryLoader.load(dir).find("survey.response", 1).orElseThrow();

        assertThat(survey.lake().columns()).extracting(LakeColumn::name).containsExactly("score", "tags");
        assertThat(survey.kafka()).isEmpty();
        assertThat(survey.serving()).isEqualTo(ServingProjection.defaults());
    }

    @Test
    void rejectsUnknownKeysNamingWhatIsAllowed() throws IOException {
        assertThat(problems("survey.response.yaml", survey("""
                lake:
                  table: survey_responses
                  colums: []
                """))).containsExactly(
                "6:3: lake.columns: is required",
                "7:3: lake.colums: unknown key; allowed here: columns, partition, properties, table");
    }

    @Test
    void reportsEveryMissingTopLevelKey() throws IOException {
        assertThat(problems("x.y.yaml", "description: nothing else\n")).containsExactly(
                "1:1: type: is required", "1:1: version: is required", "1:1: schema: is required");
    }

    @Test
    void rejectsUnsafeNames() throws IOException {
        assertThat(problems("survey.response.yaml", survey("""
                lake:
                  table: "responses; DROP TABLE x"
                  columns:
                    - { name: Score, from: /payload/score, type: int }
                    - { name: seq, from: /payload/score, type: long }
                """))).containsExactly(
                "6:10: lake.table: 'responses; DROP TABLE x' is not a safe name: lower-case letters, digits and _ , "
                        + "starting with a letter, at most 63 characters",
                "8:15: lake.columns[0].name: 'Score' is not a safe column name: lower-case letters, digits and _ , "
                        + "starting with a letter",
                "9:15: lake.columns[1].name: 'seq' is an envelope column every table already has (tenant_id, "
                        + "conversation_id, seq, event_id, type, type_version, occurred_at, kafka_timestamp, "
                        + "actor_role, actor_id, channel)");
    }

    @Test
    void rejectsPointersTheSchemaDoesNotHave() throws IOException {
        assertThat(problems("survey.response.yaml", survey("""
                lake:
                  table: survey_responses
                  columns:
                    - { name: stars, from: /payload/stars, type: int }
                    - { name: who, from: /customer, type: string }
                """))).containsExactly(
                "8:28: lake.columns[0].from: '/payload/stars' the payload schema has no property /payload/stars",
                "9:26: lake.columns[1].from: '/customer' must start with /payload/ or be an envelope field "
                        + "(/actor/id, /actor/role, /channel, /conversation_id, /event_id, /occurred_at, /seq, "
                        + "/tenant_id, /type, /type_version)");
    }

    @Test
    void rejectsColumnTypesThatDoNotFitTheSchema() throws IOException {
        assertThat(problems("survey.response.yaml", survey("""
                lake:
                  table: survey_responses
                  columns:
                    - { name: score, from: /payload/score, type: string }
                    - { name: comment_hash, from: /payload/comment, type: long, transform: sha256 }
                    - { name: answered, from: /payload/comment, type: timestamp }
                    - { name: comment, from: /payload/comment, type: string, required: true }
                    - { name: odd, from: /payload/score, type: varchar }
                    - { name: odd2, from: /payload/score, type: int, transform: upper }
                """))).containsExactly(
                "8:28: lake.columns[0].from: '/payload/score' is integer in the schema, which does not fit a "
                        + "string column; use transform json to keep any value as JSON text",
                "9:35: lake.columns[1].from: '/payload/comment' is string in the schema, which does not fit a long "
                        + "column with transform sha256 (sha256 takes a string and gives a string)",
                "10:31: lake.columns[2].from: '/payload/comment' is string in the schema, which does not fit a "
                        + "timestamp column (a timestamp column needs a string with \"format\": \"date-time\")",
                "11:30: lake.columns[3].from: '/payload/comment' is not required by the schema (list it under "
                        + "'required' at every level), so the column cannot be required",
                "12:48: lake.columns[4].type: unknown type 'varchar'; allowed: string, long, int, double, boolean, "
                        + "timestamp, date, decimal(p,s), list<string>",
                "13:65: lake.columns[5].transform: unknown transform 'upper'; allowed: lower, length, sha256, "
                        + "truncate(n), json");
    }

    @Test
    void readsPayloadSizesAndRefusesOnesThatCannotWork() throws Exception {
        Files.writeString(dir.resolve("types/survey.response.yaml"), survey("""
                serving:
                  compress_above: 2KiB
                  offload_above: 1MiB
                """));
        ServingProjection serving = RegistryLoader.load(dir).find("survey.response", 1).orElseThrow().serving();
        assertThat(serving.compressAboveBytes()).isEqualTo(2048);
        assertThat(serving.offloadAboveBytes()).isEqualTo(1024 * 1024);

        assertThat(problems("survey.response.yaml", survey("""
                serving:
                  compress_above: 64KiB
                  offload_above: 16KiB
                """))).containsExactly("7:18: serving.offload_above: must not be smaller than serving.compress_above "
                + "(65536 bytes): offloaded payloads are compressed first, so everything above offload_above is "
                + "above compress_above too");
        assertThat(problems("survey.response.yaml", survey("""
                serving:
                  compress_above: 99999999999999999999
                  offload_above: lots
                """))).containsExactly(
                "6:19: serving.compress_above: '99999999999999999999' is not a size; write e.g. 4096, 4KiB or 1MiB",
                "7:18: serving.offload_above: 'lots' is not a size; write e.g. 4096, 4KiB or 1MiB");
    }

    @Test
    void rejectsAFileWhoseNameDisagreesWithItsType() throws IOException {
        assertThat(problems("survey.yaml", survey(""))).containsExactly(
                "1:7: type: the file name must be survey.response.yaml or survey.response.v1.yaml to match its "
                        + "type and version");
    }

    @Test
    void reportsBrokenYamlWithItsPosition() throws IOException {
        assertThat(problems("survey.response.yaml", "type: survey.response\nversion: [1\n")).hasSize(1)
                .allSatisfy(p -> assertThat(p).startsWith("3:1: not valid YAML: "));
    }

    @Test
    void rejectsASchemaThatIsNotAnObjectSchema() throws IOException {
        Files.writeString(dir.resolve("schemas/survey.response.v1.json"), "{\"type\": \"array\"}");

        assertThat(problems("survey.response.yaml", survey(""))).containsExactly(
                "4:9: schema: the payload schema must be a JSON Schema object with \"type\": \"object\"");
    }

    @Test
    void rejectsBadPartitionsAndKafkaTargets() throws IOException {
        assertThat(problems("survey.response.yaml", survey("""
                lake:
                  table: survey_responses
                  columns:
                    - { name: score, from: /payload/score, type: int }
                  partition: [ "week(occurred_at)", "bucket(8, customer)" ]
                kafka:
                  - topic: "bad topic!"
                    fields: { score: /payload/nope }
                """))).containsExactly(
                "9:16: lake.partition[0]: 'week(occurred_at)' is not a partition expression; allowed: column, "
                        + "identity(c), year(c), month(c), day(c), hour(c), bucket(n, c), truncate(n, c)",
                "9:37: lake.partition[1]: partition column 'customer' is neither an envelope column nor declared in "
                        + "lake.columns",
                "11:12: kafka[0].topic: 'bad topic!' is not a Kafka topic name",
                "12:13: kafka[0].fields.score: '/payload/nope' the payload schema has no property /payload/nope");
    }
}
