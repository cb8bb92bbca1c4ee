package io.convstore.jobs.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.connectors.lake.LakeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The bulk export: a Flink batch job that reads one tenant's rows of the lake's {@code events} table — at one
 * snapshot, or only what was appended since a previous export's snapshot — and writes them as files, then a
 * {@code manifest.json} (files, rows, bytes, SHA-256, the source snapshot) beside them, last: an export folder
 * with a manifest is complete. Only rows of the tenant are written: Iceberg prunes files by the tenant bucket and the
 * job drops every row whose tenant differs before the writer.
 */
public final class ExportJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ExportJob() {}

    /** What an export wrote: its manifest's location and content. */
    public record Result(String manifest, long snapshotId, long rows, List<ExportedFile> files) {}

    /** The snapshot a previous export read, from its manifest (for {@code --since}). */
    public static long snapshotOf(LakeSettings lake, String manifest) throws IOException {
        try (FileIO io = io(lake, manifest); InputStream in = io.newInputFile(manifest).newStream()) {
            JsonNode json = JSON.readTree(in);
            if (!json.path("source_snapshot_id").canConvertToLong()) {
                throw new IllegalArgumentException(manifest + " is not a convstore export manifest "
                        + "(no source_snapshot_id)");
            }
            return json.path("source_snapshot_id").asLong();
        }
    }

    /** Runs the export on {@code env} (a batch environment) and writes the manifest. */
    public static Result run(StreamExecutionEnvironment env, LakeSettings lake, ExportRequest request,
            Consumer<String> progress) throws Exception {
        Table table = LakeCatalogs.with(lake, catalog -> catalog.loadTable(EventsTable.identifier(lake)));
        Snapshot current = table.currentSnapshot();
        Instant now = Instant.now();
        String folder = request.target() + "/" + request.tenant() + "-" + FOLDER.format(now);
        List<ExportedFile> files = new ArrayList<>();
        if (current != null && (request.sinceSnapshotId() == null
                || current.snapshotId() != request.sinceSnapshotId())) {
            if (request.sinceSnapshotId() != null
                    && !SnapshotUtil.isAncestorOf(table, current.snapshotId(), request.sinceSnapshotId())) {
                throw new IllegalArgumentException("snapshot " + request.sinceSnapshotId() + " of the previous "
                        + "export is not in the table's history any more (expired?): export in full instead");
            }
            progress.accept(String.format("reading %s at snapshot %d%s, tenant %s", EventsTable.identifier(lake),
                    current.snapshotId(), request.sinceSnapshotId() == null ? ""
                            : " (appended since " + request.sinceSnapshotId() + ")", request.tenant()));
            DataStream<ExportedFile> written = build(env, lake, table.schema(), request, current.snapshotId(),
                    folder);
            CloseableIterator<ExportedFile> results = written.collectAsync();
            JobClient job = env.executeAsync("convstore-export-" + request.tenant());
            Thread ticker = new Thread(() -> reportRows(job, progress), "convstore-export-progress");
            ticker.setDaemon(true);
            ticker.start();
            try (results) {
                while (results.hasNext()) {
                    ExportedFile file = results.next();
                    files.add(file);
                    progress.accept(String.format("wrote %s: %,d rows, %,d bytes", file.path, file.rows,
                            file.bytes));
                }
            } finally {
                ticker.interrupt();
            }
            job.getJobExecutionResult().get();
        } else if (current == null) {
            progress.accept("the events table has no data yet");
        } else {
            progress.accept("nothing new since snapshot " + request.sinceSnapshotId());
        }
        files.sort(java.util.Comparator.comparing(f -> f.path));
        long snapshot = current == null ? -1 : current.snapshotId();
        long rows = files.stream().mapToLong(f -> f.rows).sum();
        String manifest = folder + "/manifest.json";
        try (FileIO io = io(lake, manifest); OutputStream out = io.newOutputFile(manifest).create()) {
            out.write(manifest(request, folder, snapshot, now, rows, files).getBytes(StandardCharsets.UTF_8));
        }
        return new Result(manifest, snapshot, rows, files);
    }

    /** Every few seconds while the job runs, how many rows the writers have written (when it changed). */
    private static void reportRows(JobClient job, Consumer<String> progress) {
        long reported = -1;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(2_000);
                Object rows = job.getAccumulators().get(10, java.util.concurrent.TimeUnit.SECONDS)
                        .get(ExportWriter.ROWS_WRITTEN);
                if (rows instanceof Long count && count != reported) {
                    progress.accept(String.format("%,d rows written so far", count));
                    reported = count;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the job ended between two polls: the files and the summary say the rest
        }
    }

    /** The job: the tenant's rows at {@code snapshotId} (or appended since the request's) → files. */
    static DataStream<ExportedFile> build(StreamExecutionEnvironment env, LakeSettings lake, Schema schema,
            ExportRequest request, long snapshotId, String folder) {
        IcebergSource.Builder<RowData> source = IcebergSource.forRowData()
                .tableLoader(TableLoader.fromCatalog(LakeCatalogs.loader(lake), EventsTable.identifier(lake)))
                .streaming(false)
                .filters(filters(request));
        if (request.sinceSnapshotId() == null) {
            source.useSnapshotId(snapshotId);
        } else {
            source.startSnapshotId(request.sinceSnapshotId()).endSnapshotId(snapshotId);
        }
        int tenant = schema.columns().indexOf(schema.findField("tenant_id"));
        int type = schema.columns().indexOf(schema.findField("type"));
        int occurred = schema.columns().indexOf(schema.findField("occurred_at"));
        String wanted = request.tenant();
        List<String> types = request.types();
        Instant from = request.from();
        Instant to = request.to();
        TypeInformation<RowData> rows = InternalTypeInfo.of(FlinkSchemaUtil.convert(schema));
        return env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "lake: events", rows)
                .uid("export-source")
                // the tenant's rows only, whatever else shares a file with them
                .filter(row -> wanted.equals(row.getString(tenant).toString())
                        && (types.isEmpty() || types.contains(row.getString(type).toString()))
                        && (from == null || !row.getTimestamp(occurred, 6).toInstant().isBefore(from))
                        && (to == null || row.getTimestamp(occurred, 6).toInstant().isBefore(to)))
                .name("export: tenant " + wanted)
                .transform("export: write " + request.format().extension(), TypeInformation.of(ExportedFile.class),
                        new ExportWriter(lake, request, folder, schema))
                .uid("export-writer");
    }

    private static List<Expression> filters(ExportRequest request) {
        List<Expression> filters = new ArrayList<>();
        filters.add(Expressions.equal("tenant_id", request.tenant()));
        if (request.from() != null) {
            filters.add(Expressions.greaterThanOrEqual("occurred_at", micros(request.from())));
        }
        if (request.to() != null) {
            filters.add(Expressions.lessThan("occurred_at", micros(request.to())));
        }
        if (!request.types().isEmpty()) {
            filters.add(Expressions.in("type", request.types().toArray()));
        }
        return filters;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static String manifest(ExportRequest request, String folder, long snapshot, Instant createdAt,
            long rows, List<ExportedFile> files) throws IOException {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format_version", 1);
        manifest.put("folder", folder);
        manifest.put("tenant", request.tenant());
        manifest.put("table", "events");
        manifest.put("source_snapshot_id", snapshot);
        if (request.sinceSnapshotId() == null) {
            manifest.putNull("since_snapshot_id");
        } else {
            manifest.put("since_snapshot_id", request.sinceSnapshotId());
        }
        manifest.put("from", request.from() == null ? null : request.from().toString());
        manifest.put("to", request.to() == null ? null : request.to().toString());
        ArrayNode types = manifest.putArray("types");
        request.types().forEach(types::add);
        manifest.put("format", request.format().extension());
        manifest.put("created_at", createdAt.toString());
        manifest.put("row_count", rows);
        ArrayNode list = manifest.putArray("files");
        for (ExportedFile file : files) {
            ObjectNode entry = list.addObject();
            entry.put("path", file.path);
            entry.put("rows", file.rows);
            entry.put("bytes", file.bytes);
            entry.put("sha256", file.sha256);
        }
        return JSON.writeValueAsString(manifest) + "\n";
    }

    /** Files at {@code location}: S3 through S3FileIO with the lake's endpoint and keys, else the local disk. */
    static FileIO io(LakeSettings lake, String location) {
        if (location.startsWith("s3://") || location.startsWith("s3a://")) {
            return CatalogUtil.loadFileIO("org.apache.iceberg.aws.s3.S3FileIO", lake.s3Properties(), null);
        }
        return new ExportWriter.LocalFiles();
    }
}
