package io.convstore.metadata;

import java.io.Serializable;

/**
 * What is done to a value on its way into a column: {@code lower}, {@code length} (of a string or array),
 * {@code sha256} (hex digest, for PII), {@code truncate(n)} (first n characters) or {@code json} (the subtree as
 * JSON text). {@link #NONE} copies the value.
 */
public record Transform(Kind kind, int argument) implements Serializable {

    public enum Kind { NONE, LOWER, LENGTH, SHA256, TRUNCATE, JSON }

    public static final Transform NONE = new Transform(Kind.NONE, 0);

    static final String ALLOWED = "lower, length, sha256, truncate(n), json";

    @com.fasterxml.jackson.annotation.JsonValue
    public String spelling() {
        return kind == Kind.TRUNCATE ? "truncate(" + argument + ")" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    static Transform parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        var truncate = java.util.regex.Pattern.compile("truncate\\((\\d{1,6})\\)").matcher(t);
        if (truncate.matches() && Integer.parseInt(truncate.group(1)) > 0) {
            return new Transform(Kind.TRUNCATE, Integer.parseInt(truncate.group(1)));
        }
        return switch (t) {
            case "lower" -> new Transform(Kind.LOWER, 0);
            case "length" -> new Transform(Kind.LENGTH, 0);
            case "sha256" -> new Transform(Kind.SHA256, 0);
            case "json" -> new Transform(Kind.JSON, 0);
            default -> null;
        };
    }
}
