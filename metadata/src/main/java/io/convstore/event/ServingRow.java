package io.convstore.event;

import java.nio.charset.StandardCharsets;

/**
 * An ordered event as the serving store keeps it: the event, its preview and attributes, and the payload to store
 * (without the fields its type drops from the serving copy) — as JSON text, or, above the type's
 * {@code serving.compress_above}, zstd-compressed ({@link PayloadCompression}) with {@code payload} null.
 *
 * @param payloadBytes the size of the payload's UTF-8 JSON text, compressed or not
 */
public record ServingRow(Event event, String preview, String attributes, String payload, byte[] payloadZstd,
        int payloadBytes) {

    /** The row for {@code payload}, compressed when its UTF-8 text is larger than {@code compressAboveBytes}. */
    public static ServingRow of(Event event, String preview, String attributes, String payload,
            long compressAboveBytes) {
        byte[] utf8 = payload.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > compressAboveBytes) {
            return new ServingRow(event, preview, attributes, null, PayloadCompression.compress(utf8), utf8.length);
        }
        return new ServingRow(event, preview, attributes, payload, null, utf8.length);
    }

    /** The payload's JSON text, decompressed when it was stored compressed. */
    public String payloadText() {
        return payload != null ? payload : PayloadCompression.decompress(payloadZstd);
    }
}
