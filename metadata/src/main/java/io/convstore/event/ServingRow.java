package io.convstore.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An ordered event as the serving store keeps it: the event, its preview and attributes, and the payload to store
 * (without the fields its type drops from the serving copy) — as JSON text, or, above the type's
 * {@code serving.compress_above}, zstd-compressed ({@link PayloadCompression}) with {@code payload} null; above
 * {@code serving.offload_above}, compressed and marked for the payload store: the emit stage writes the compressed
 * bytes as an object and keeps only the claim check in the row ({@link #offloaded}) before the row is written.
 *
 * @param payloadZstd the compressed payload, or null when it is kept as text or has been offloaded
 * @param payloadBytes the size of the payload's UTF-8 JSON text, compressed or not
 * @param payloadSha256 the SHA-256 of the payload's UTF-8 JSON text when it is above the offload size, else null
 * @param payloadRef the object holding the compressed payload once offloaded, else null
 */
public record ServingRow(Event event, String preview, String attributes, String payload, byte[] payloadZstd,
        int payloadBytes, byte[] payloadSha256, String payloadRef) {

    /**
     * The row for {@code payload}: text up to {@code compressAboveBytes} of UTF-8, compressed above it, and above
     * {@code offloadAboveBytes} also checksummed and marked for offloading ({@link #needsOffload}).
     */
    public static ServingRow of(Event event, String preview, String attributes, String payload,
            long compressAboveBytes, long offloadAboveBytes) {
        int bytes = utf8Length(payload); // counted, not encoded: most payloads stay text
        if (bytes > compressAboveBytes || bytes > offloadAboveBytes) {
            byte[] utf8 = payload.getBytes(StandardCharsets.UTF_8);
            return new ServingRow(event, preview, attributes, null, PayloadCompression.compress(utf8), bytes,
                    bytes > offloadAboveBytes ? sha256(utf8) : null, null);
        }
        return new ServingRow(event, preview, attributes, payload, null, bytes, null, null);
    }

    /** Whether the payload is above its type's offload size and not yet in the payload store. */
    public boolean needsOffload() {
        return payloadSha256 != null && payloadRef == null;
    }

    /** This row once its compressed payload is stored as the object {@code ref}: the claim check, no bytes. */
    public ServingRow offloaded(String ref) {
        return new ServingRow(event, preview, attributes, null, null, payloadBytes, payloadSha256, ref);
    }

    /** The SHA-256 digest of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The UTF-8 length of {@code text} as {@code getBytes(UTF_8)} would encode it (an unpaired
     * surrogate becomes one {@code ?}). */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += Character.isSurrogate(c) ? 1 : 3; // the encoder writes '?' for an unpaired surrogate
            }
        }
        return bytes;
    }
}
