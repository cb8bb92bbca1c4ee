package io.convstore.event;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kafka record's headers as one byte array, so stream records carry them without a list field (which Flink
 * would serialize with Kryo): a count, then per header its UTF-8 name and its value (or null), length-prefixed.
 */
public final class RecordHeaders {
    private RecordHeaders() {}

    /** The encoded headers, or null when there are none. */
    public static byte[] encode(List<Map.Entry<String, byte[]>> headers) {
        if (headers == null || headers.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(headers.size());
            for (Map.Entry<String, byte[]> header : headers) {
                byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(header.getValue() == null ? -1 : header.getValue().length);
                if (header.getValue() != null) {
                    out.write(header.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The headers {@link #encode} wrote, in order (empty for null). */
    public static List<Map.Entry<String, byte[]>> decode(byte[] encoded) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        if (encoded == null) {
            return headers;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            for (int i = 0, n = in.readInt(); i < n; i++) {
                byte[] name = in.readNBytes(in.readInt());
                int length = in.readInt();
                headers.add(new java.util.AbstractMap.SimpleImmutableEntry<>(new String(name, StandardCharsets.UTF_8),
                        length < 0 ? null : in.readNBytes(length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return headers;
    }
}
