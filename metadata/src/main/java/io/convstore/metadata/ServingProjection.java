package io.convstore.metadata;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * How a type's events look in the serving store: a short {@code preview} text (for lists of conversations),
 * small {@code attributes} kept as their own JSON column for filtering, payload parts to {@code drop} (kept in
 * the lake only), the payload size above which it is stored compressed and the size above which it is offloaded
 * to the payload store (S3) with only a claim check in the row.
 *
 * @param preview JSON pointer of the preview text, or null
 * @param attributes attribute name to JSON pointer
 * @param drop JSON pointers (under /payload) left out of the serving copy of the payload
 */
public record ServingProjection(String preview, int previewMaxLength, Map<String, String> attributes,
        List<String> drop, long compressAboveBytes, long offloadAboveBytes) implements Serializable {

    public static final int DEFAULT_PREVIEW_LENGTH = 200;
    public static final long DEFAULT_COMPRESS_ABOVE = 4096;
    public static final long DEFAULT_OFFLOAD_ABOVE = 256 * 1024;

    public static ServingProjection defaults() {
        return new ServingProjection(null, DEFAULT_PREVIEW_LENGTH, Map.of(), List.of(), DEFAULT_COMPRESS_ABOVE,
                DEFAULT_OFFLOAD_ABOVE);
    }
}
