package io.convstore.connectors.payloads;

import io.convstore.event.ServingRow;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * The payload store: objects too large for a row (offloaded serving payloads, the original bytes of records
 * refused as too large) under one location, {@code s3://bucket/prefix} (through Iceberg's S3FileIO, the lake's S3
 * client) or a local directory. A row or dead letter keeps the object's full reference, its size and SHA-256 (the
 * claim check); {@link #get} checks the bytes against that checksum. Writes replace an object with the same key
 * whole, so writing the same object again (a retried batch, a replay) is harmless.
 */
public final class PayloadStore implements AutoCloseable {

    /**
     * Where the store is and how to reach S3.
     *
     * @param location {@code s3://bucket/prefix}, a {@code file:} URI or a local path; null for a store that only
     *     reads references
     * @param s3 S3FileIO properties (endpoint, keys, region, path style); empty for AWS defaults
     */
    public record Settings(String location, Map<String, String> s3) implements Serializable {
        public Settings {
            s3 = new HashMap<>(s3);
        }
    }

    private final String location;
    private final Map<String, String> s3Properties;
    private FileIO s3;

    private PayloadStore(String location, Map<String, String> s3Properties) {
        this.location = location;
        this.s3Properties = s3Properties;
    }

    public static PayloadStore open(Settings settings) {
        return new PayloadStore(settings.location() == null ? null : normalize(settings.location()), settings.s3());
    }

    /** {@code s3://…} stays; a local path or {@code file:} URI becomes an absolute {@code file:} URI. */
    static String normalize(String location) {
        String trimmed = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        if (isS3(trimmed)) {
            return trimmed;
        }
        Path path = trimmed.startsWith("file:") ? Path.of(URI.create(trimmed)) : Path.of(trimmed);
        String uri = path.toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The object key of a serving payload: per tenant and conversation, named by the event id. */
    public static String servingKey(String tenantId, String conversationId, String eventId) {
        return "serving/" + segment(tenantId) + "/" + segment(conversationId) + "/" + segment(eventId) + ".json.zst";
    }

    /** The object key of a dead letter's original value: by the record's source position. */
    public static String deadLetterKey(String topic, int partition, long offset) {
        return "dead-letters/" + segment(topic) + "/" + partition + "/" + offset + ".bin";
    }

    /**
     * A path segment any object store and file system takes: letters, digits, {@code . _ -} as they are, every
     * other UTF-8 byte as {@code %XX} (so different ids never share a key), and never {@code .} or {@code ..}.
     */
    static String segment(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (c == '.' && !id.equals(".") && !id.equals(".."))) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    /** Writes {@code bytes} as the object {@code key} under the location; returns its full reference. */
    public String put(String key, byte[] bytes) throws IOException {
        if (location == null) {
            throw new IllegalStateException("this payload store has no location to write to");
        }
        String ref = location + "/" + key;
        if (isS3(ref)) {
            try (PositionOutputStream out = s3().newOutputFile(ref).createOrOverwrite()) {
                out.write(bytes);
            }
        } else {
            Path target = Path.of(URI.create(ref));
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.write(partial, bytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return ref;
    }

    /** The bytes of the object {@code ref} (a full reference as {@link #put} returned it). */
    public byte[] get(String ref) throws IOException {
        if (isS3(ref)) {
            try (SeekableInputStream in = s3().newInputFile(ref).newStream()) {
                return in.readAllBytes();
            }
        }
        if (ref.startsWith("file:")) {
            return Files.readAllBytes(Path.of(URI.create(ref)));
        }
        throw new IOException("not a payload-store reference (s3:// or file:): " + ref);
    }

    /** Fails unless {@code content} has the size and SHA-256 its claim check recorded for {@code ref}. */
    public static void verify(String ref, byte[] content, long expectedBytes, byte[] expectedSha256) {
        if (content.length != expectedBytes
                || !MessageDigest.isEqual(ServingRow.sha256(content), expectedSha256)) {
            throw new UncheckedIOException(new IOException("payload object " + ref + " does not match its claim "
                    + "check: " + content.length + " bytes with SHA-256 "
                    + HexFormat.of().formatHex(ServingRow.sha256(content)) + ", expected " + expectedBytes
                    + " bytes with " + (expectedSha256 == null ? "none" : HexFormat.of().formatHex(expectedSha256))));
        }
    }

    private static boolean isS3(String ref) {
        return ref.startsWith("s3://") || ref.startsWith("s3a://");
    }

    private synchronized FileIO s3() {
        if (s3 == null) {
            S3FileIO io = new S3FileIO();
            io.initialize(s3Properties);
            s3 = io;
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }
}
