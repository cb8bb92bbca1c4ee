package io.convstore.event;

import com.github.luben.zstd.Zstd;
import java.nio.charset.StandardCharsets;

/**
 * How the serving store keeps large payloads: the UTF-8 JSON text compressed with zstd, so reading it back gives
 * the identical text. The level is fixed here because it is part of the stored format's cost, not its meaning
 * (any level decompresses the same way); docs/benchmarks.md has the measurements behind it.
 */
public final class PayloadCompression {
    /** zstd level 3: most of level 9's ratio on conversation text at a fraction of its CPU. */
    public static final int LEVEL = 3;

    private PayloadCompression() {}

    public static byte[] compress(String json) {
        return compress(json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] compress(byte[] utf8Json) {
        return Zstd.compress(utf8Json, LEVEL);
    }

    /** The original text of {@link #compress}'s output; throws on bytes that are not a zstd frame. */
    public static String decompress(byte[] compressed) {
        return new String(decompressBytes(compressed), StandardCharsets.UTF_8);
    }

    /** The original bytes of {@link #compress}'s output; throws on bytes that are not a zstd frame. */
    public static byte[] decompressBytes(byte[] compressed) {
        long size = Zstd.getFrameContentSize(compressed);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a zstd frame with a known content size");
        }
        return Zstd.decompress(compressed, (int) size);
    }
}
