package io.convstore.cli;

import io.convstore.event.Envelope;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A file of envelopes, one per line. The Kafka key is derived from the envelope ({@code tenant_id/conversation_id})
 * or, with a key separator, taken from the line ({@code key SEP value}, as Kafka's console producer reads it) so
 * that a deliberately wrong key can be sent. Lines that are not JSON are kept: the pipeline dead-letters them.
 */
final class EnvelopeFile {
    /** One record to publish; {@code key} is null when none could be derived. */
    record Line(int number, byte[] key, byte[] value) {}

    private EnvelopeFile() {}

    static List<Line> read(Path file, String keySeparator) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("input file " + file + " does not exist or is not a file");
        }
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                lines.add(parse(number, text, keySeparator));
            }
        }
        return lines;
    }

    static Line parse(int number, String text, String keySeparator) {
        if (keySeparator != null && !keySeparator.isEmpty()) {
            int at = text.indexOf(keySeparator);
            if (at >= 0) {
                String key = text.substring(0, at);
                return new Line(number, key.getBytes(StandardCharsets.UTF_8),
                        text.substring(at + keySeparator.length()).getBytes(StandardCharsets.UTF_8));
            }
        }
        String key = Envelope.keyOf(text);
        return new Line(number, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                text.getBytes(StandardCharsets.UTF_8));
    }
}
