package io.convstore.cli;

import static io.convstore.cli.LakeFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.cli.cluster.FlinkDistribution;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.jobs.IngestOptions;
import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.S3Server;
import io.convstore.sandbox.Sandbox;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./convstore export} against the sandbox's S3 server and a lake with a JDBC catalog in PostgreSQL: the
 * files read back, their rows and SHA-256 match the manifest, no other tenant's row is in them, and an export
 * {@code --since} the previous manifest holds exactly what was appended after it. Also {@code sql} over that lake.
 */
class ExportITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static LakeFixture lake;
    private static String[] lakeOptions;

    @BeforeAll
    static void start() throws Exception {
        Path home = FlinkDistribution.home();
        System.setProperty("convstore.home", home.toString());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-export-it-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
        sandbox = Sandbox.start(dir, Postgres.Durability.THROWAWAY);
        sandbox.s3().createBucket("exports");
        String warehouse = "s3://" + Sandbox.LAKE_BUCKET + "/warehouse";
        lake = new LakeFixture(new LakeSettings(LakeSettings.CatalogType.JDBC, warehouse,
                sandbox.postgres().jdbcUrl(), "postgres", "", sandbox.s3().endpoint(), S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, "us-east-1", true, "convstore", IngestOptions.LAKE_BUCKETS.defaultValue(),
                org.apache.iceberg.DistributionMode.NONE));
        lakeOptions = new String[] {"--warehouse", warehouse, "--catalog-uri", sandbox.postgres().jdbcUrl(),
            "--s3-endpoint", sandbox.s3().endpoint(), "--s3-access-key", S3Server.ACCESS_KEY,
            "--s3-secret-key", S3Server.SECRET_KEY};
        List<Map<String, Object>> first = new ArrayList<>();
        for (int seq = 1; seq <= 5; seq++) {
            first.add(event("tenant-a", "a1", seq, seq == 5 ? "email.message" : "chat.message", "chat",
                    "2026-12-0" + (seq <= 3 ? 3 : 4) + "T10:00:0" + seq + "Z", "{\"text\":\"hello " + seq + "\"}"));
        }
        for (int seq = 1; seq <= 3; seq++) {
            first.add(event("tenant-b", "b1", seq, "chat.message", "chat", "2026-12-03T11:00:0" + seq + "Z",
                    "{\"text\":\"other " + seq + "\"}"));
        }
        lake.append("events", first);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void exportsOneTenantWithAVerifiableManifestThenOnlyWhatIsNew() throws Exception {
        JsonNode full = manifest(export("--tenant", "tenant-a", "--format", "jsonl.gz", "--target",
                "s3://exports/full", "--rows-per-file", "2"));
        assertThat(full.path("tenant").asText()).isEqualTo("tenant-a");
        assertThat(full.path("row_count").asLong()).isEqualTo(5);
        assertThat(full.path("since_snapshot_id").isNull()).isTrue();
        List<JsonNode> rows = verifiedJsonLines(full);
        assertThat(rows).extracting(r -> r.path("event_id").asText()).containsExactlyInAnyOrder(
                "tenant-a/a1/1", "tenant-a/a1/2", "tenant-a/a1/3", "tenant-a/a1/4", "tenant-a/a1/5");
        assertThat(full.path("files").size()).as("at most 2 rows per file").isGreaterThanOrEqualTo(3);
        JsonNode third = rows.stream().filter(r -> r.path("seq").asLong() == 3).findFirst().orElseThrow();
        assertThat(third.path("occurred_at").asText()).isEqualTo("2026-12-03T10:00:03Z");
        assertThat(third.path("payload").path("text").asText()).as("payload is the JSON object").isEqualTo("hello 3");

        // parquet, one day, one type: the rows keep the lake's types
        JsonNode parquet = manifest(export("--tenant", "tenant-a", "--format", "parquet", "--target",
                "s3://exports/parquet", "--from", "2026-12-03", "--to", "2026-12-03", "--types", "chat.message"));
        assertThat(parquet.path("row_count").asLong()).isEqualTo(3);
        assertThat(verifiedParquetEventIds(parquet)).containsExactlyInAnyOrder("tenant-a/a1/1", "tenant-a/a1/2",
                "tenant-a/a1/3");

        // new rows arrive for both tenants; the incremental export has exactly tenant-a's new ones
        long previous = full.path("source_snapshot_id").asLong();
        long appended = lake.append("events", List.of(
                event("tenant-a", "a1", 6, "chat.message", "chat", "2026-12-05T10:00:00Z", "{\"text\":\"new\"}"),
                event("tenant-a", "a2", 1, "chat.message", "chat", "2026-12-05T10:01:00Z", "{\"text\":\"new\"}"),
                event("tenant-b", "b1", 4, "chat.message", "chat", "2026-12-05T10:02:00Z", "{\"text\":\"x\"}")));
        String fullManifest = full.path("folder").asText() + "/manifest.json";
        JsonNode increment = manifest(export("--tenant", "tenant-a", "--format", "jsonl.gz", "--target",
                "s3://exports/increments", "--since", fullManifest));
        assertThat(increment.path("since_snapshot_id").asLong()).isEqualTo(previous);
        assertThat(increment.path("source_snapshot_id").asLong()).isEqualTo(appended);
        assertThat(verifiedJsonLines(increment)).extracting(r -> r.path("event_id").asText())
                .containsExactlyInAnyOrder("tenant-a/a1/6", "tenant-a/a2/1");

        // nothing new since the increment: an empty export whose manifest still chains
        String incrementManifest = export("--tenant", "tenant-a", "--target", "s3://exports/increments", "--since",
                increment.path("folder").asText() + "/manifest.json");
        JsonNode empty = manifest(incrementManifest);
        assertThat(empty.path("row_count").asLong()).isZero();
        assertThat(empty.path("files").size()).isZero();
        assertThat(empty.path("source_snapshot_id").asLong()).isEqualTo(appended);
    }

    @Test
    void sqlReadsTheSameLakeThroughTheS3CatalogDefinition() {
        SqlQueriesITCase.Run run = SqlQueriesITCase.sql(concat(new String[] {"-e",
            "SELECT tenant_id, COUNT(*) AS events FROM events WHERE occurred_at < TIMESTAMP '2026-12-05 00:00:00' "
                    + "GROUP BY tenant_id ORDER BY tenant_id", "--format", "csv"}, lakeOptions));
        assertThat(run.exit()).as("stderr: %s", run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("tenant_id,events", "tenant-a,5", "tenant-b,3");
    }

    private static String export(String... args) {
        SqlQueriesITCase.Run run = run(concat(concat(new String[] {"export"}, args), lakeOptions));
        assertThat(run.exit()).as("stderr: %s", run.err()).isZero();
        assertThat(run.err()).contains("exported ");
        return run.out().strip();
    }

    private static JsonNode manifest(String uri) throws Exception {
        assertThat(uri).startsWith("s3://exports/").endsWith("/manifest.json");
        return JSON.readTree(object(uri));
    }

    /** Reads every file of the manifest, checks bytes, SHA-256 and row count, and that all rows are its tenant's. */
    private static List<JsonNode> verifiedJsonLines(JsonNode manifest) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            byte[] bytes = verified(file);
            List<JsonNode> rows = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    rows.add(JSON.readTree(line));
                }
            }
            assertThat(rows).hasSize(file.path("rows").asInt());
            all.addAll(rows);
        }
        assertThat(all).hasSize(manifest.path("row_count").asInt())
                .allSatisfy(r -> assertThat(r.path("tenant_id").asText()).isEqualTo(manifest.path("tenant")
                        .asText()));
        return all;
    }

    private static List<String> verifiedParquetEventIds(JsonNode manifest) throws Exception {
        List<String> ids = new ArrayList<>();
        Schema projection = new Schema(Types.NestedField.required(1, "tenant_id", Types.StringType.get()),
                Types.NestedField.required(4, "event_id", Types.StringType.get()));
        for (JsonNode file : manifest.path("files")) {
            Path local = Files.createTempFile("export-", ".parquet");
            Files.write(local, verified(file));
            int rows = 0;
            try (CloseableIterable<Record> records = Parquet.read(org.apache.iceberg.Files.localInput(local.toFile()))
                    .project(projection).createReaderFunc(t -> GenericParquetReaders.buildReader(projection, t))
                    .build()) {
                for (Record record : records) {
                    assertThat(record.getField("tenant_id")).isEqualTo(manifest.path("tenant").asText());
                    ids.add((String) record.getField("event_id"));
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(file.path("rows").asInt());
            Files.delete(local);
        }
        return ids;
    }

    private static byte[] verified(JsonNode file) throws Exception {
        byte[] bytes = object(file.path("path").asText());
        assertThat((long) bytes.length).isEqualTo(file.path("bytes").asLong());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo(file.path("sha256").asText());
        return bytes;
    }

    private static byte[] object(String uri) {
        URI parsed = URI.create(uri);
        try (S3Client s3 = sandbox.s3().client()) {
            return s3.getObject(r -> r.bucket(parsed.getHost()).key(parsed.getPath().substring(1)),
                    ResponseTransformer.toBytes()).asByteArray();
        }
    }

    private static SqlQueriesITCase.Run run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = Main.commandLine().setOut(new java.io.PrintWriter(out)).setErr(new java.io.PrintWriter(err))
                .execute(args);
        return new SqlQueriesITCase.Run(exit, out.toString(), err.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
