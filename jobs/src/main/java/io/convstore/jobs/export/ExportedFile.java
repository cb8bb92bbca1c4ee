package io.convstore.jobs.export;

/**
 * A file an export wrote, as the manifest lists it: full location, rows, bytes and the SHA-256 (hex) of its bytes.
 * A POJO so Flink serializes it without Kryo.
 */
public class ExportedFile {
    public String path;
    public long rows;
    public long bytes;
    public String sha256;

    public ExportedFile() {}

    public ExportedFile(String path, long rows, long bytes, String sha256) {
        this.path = path;
        this.rows = rows;
        this.bytes = bytes;
        this.sha256 = sha256;
    }
}
