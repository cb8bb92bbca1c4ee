package io.convstore.metadata;

/**
 * One mistake in a metadata file, located precisely enough to fix without guessing.
 *
 * @param file the file, as given to the loader
 * @param line 1-based line, or 0 when the mistake is about the file as a whole
 * @param column 1-based column, or 0
 * @param key the dotted key path the mistake is at, e.g. {@code lake.columns[2].type}, or empty
 */
public record Problem(String file, int line, int column, String key, String message) {

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (!key.isEmpty()) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
