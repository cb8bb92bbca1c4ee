package io.convstore.jobs.export;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * An output file that computes the SHA-256 and size of every byte written through it, so the manifest's checksum
 * is of the bytes that went out, without reading the object back.
 */
final class HashingOutputFile implements OutputFile {
    private final OutputFile delegate;
    private final MessageDigest digest;
    private long bytes;

    HashingOutputFile(OutputFile delegate) {
        this.delegate = delegate;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    long bytes() {
        return bytes;
    }

    @Override
    public PositionOutputStream create() {
        return wrap(delegate.create());
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
        return wrap(delegate.createOrOverwrite());
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public InputFile toInputFile() {
        return delegate.toInputFile();
    }

    private PositionOutputStream wrap(PositionOutputStream out) {
        return new PositionOutputStream() {
            @Override
            public long getPos() throws IOException {
                return out.getPos();
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                digest.update((byte) b);
                bytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                digest.update(b, off, len);
                bytes += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
