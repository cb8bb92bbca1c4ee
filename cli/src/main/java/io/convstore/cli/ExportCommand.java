package io.convstore.cli;

import io.convstore.jobs.export.ExportJob;
import io.convstore.jobs.export.ExportRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore export}: one tenant's events from the lake to files on S3 (or a directory) with a manifest to
 * verify them by; {@code --since} a previous manifest exports only what the lake appended after it.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export one tenant's events from the lake as Parquet or gzipped JSON lines, with a manifest "
                + "(files, rows, SHA-256, source snapshot). Prints the manifest's location.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", required = true, description = "The tenant whose events to export (only its rows "
            + "are read and written).")
    String tenant;

    @Option(names = "--from", paramLabel = "DATE", description = "First day (yyyy-mm-dd, UTC) or instant "
            + "(2026-12-04T10:00:00Z) of occurred_at, inclusive.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Day or instant to stop before (a day means its end: "
            + "--from 2026-12-01 --to 2026-12-03 is three days).")
    String to;

    @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "Only these interaction types, e.g. "
            + "chat.message,email.message (default: all).")
    List<String> types = new ArrayList<>();

    @Option(names = "--format", defaultValue = "jsonl.gz", description = "parquet or jsonl.gz (default: "
            + "${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--target", required = true, paramLabel = "URI", description = "Where the export's folder goes: "
            + "s3://bucket/prefix (same endpoint and keys as the lake's --s3-* options) or file:///dir.")
    String target;

    @Option(names = "--since", paramLabel = "MANIFEST", description = "A previous export's manifest.json: export "
            + "only what the lake appended after its snapshot.")
    String since;

    @Option(names = "--rows-per-file", defaultValue = "500000", description = "Most rows in one file (default: "
            + "${DEFAULT-VALUE}).")
    long rowsPerFile;

    @Option(names = "--parallelism", defaultValue = "2", description = "Readers and writers (default: "
            + "${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    LakeOptions lake;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!target.startsWith("s3://") && !target.startsWith("s3a://") && !target.startsWith("file:/")) {
            throw new IllegalArgumentException("--target must be s3://bucket/prefix or file:///dir, was " + target);
        }
        try (LakeOptions.OpenLake open = lake.open()) {
            Long sinceSnapshot = since == null ? null : ExportJob.snapshotOf(open.settings(), since);
            ExportRequest request = new ExportRequest(tenant, instant(from, false), instant(to, true), types,
                    ExportRequest.Format.parse(format), target, sinceSnapshot, rowsPerFile);
            Configuration conf = new Configuration();
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            long start = System.nanoTime();
            ExportJob.Result result = ExportJob.run(env, open.settings(), request, line -> {
                err.printf("[%5.1f s] %s%n", (System.nanoTime() - start) / 1e9, line);
                err.flush();
            });
            err.printf("exported %,d rows of tenant %s in %d file(s) from snapshot %d%n", result.rows(), tenant,
                    result.files().size(), result.snapshotId());
            out.println(result.manifest());
        }
        return 0;
    }

    /** A day (start of it, or for an end bound its end) or an instant. */
    static Instant instant(String text, boolean end) {
        if (text == null) {
            return null;
        }
        if (text.length() == 10) {
            LocalDate day = LocalDate.parse(text);
            return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return Instant.parse(text);
    }
}
