package io.convstore.jobs.export;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One tenant's export: which events ({@code from} inclusive, {@code to} exclusive by occurred_at; types, none for
 * all), where to ({@code target}: {@code s3://bucket/prefix} or {@code file:///dir}, the export's own folder is made
 * under it), how ({@link Format}, rows per file), and — for an incremental export — the snapshot of the previous one.
 */
public record ExportRequest(String tenant, Instant from, Instant to, List<String> types, Format format,
        String target, Long sinceSnapshotId, long rowsPerFile) implements Serializable {

    public enum Format {
        PARQUET("parquet"), JSONL_GZ("jsonl.gz");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        public static Format parse(String text) {
            for (Format format : values()) {
                if (format.extension.equalsIgnoreCase(text)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown export format '" + text + "': parquet or jsonl.gz");
        }
    }

    public ExportRequest {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("an export needs a tenant");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        if (rowsPerFile < 1) {
            throw new IllegalArgumentException("rows per file must be at least 1, was " + rowsPerFile);
        }
        types = types == null ? List.of() : List.copyOf(types);
        target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    }
}
