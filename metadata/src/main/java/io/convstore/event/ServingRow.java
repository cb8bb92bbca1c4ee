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
        int bytes = utf8Length(payload); // counted, not encoded: most payloads stay text
        if (bytes > compressAboveBytes) {
            return new ServingRow(event, preview, attributes, null,
                    PayloadCompression.compress(payload.getBytes(StandardCharsets.UTF_8)), bytes);
        }
        return new ServingRow(event, preview, attributes, payload, null, bytes);
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

    /** The payload's JSON text, decompressed when it was stored compressed. */
    public String payloadText() {
        return payload != null ? payload : PayloadCompression.decompress(payloadZstd);
    }
}
