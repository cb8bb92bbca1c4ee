package io.convstore.metadata;

import java.io.Serializable;

/**
 * The Iceberg type of a lake column, as metadata names it: {@code string}, {@code long}, {@code int},
 * {@code double}, {@code boolean}, {@code timestamp} (with time zone), {@code date}, {@code decimal(p,s)},
 * {@code list<string>}.
 */
public record ColumnType(Kind kind, int precision, int scale) implements Serializable {

    public enum Kind { STRING, LONG, INT, DOUBLE, BOOLEAN, TIMESTAMP, DATE, DECIMAL, LIST_OF_STRING }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0);
    }

    /** The spelling metadata files use. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String spelling() {
        return switch (kind) {
            case DECIMAL -> "decimal(" + precision + "," + scale + ")";
            case LIST_OF_STRING -> "list<string>";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Parses a spelling, or returns null when it is not one of the supported types. */
    static ColumnType parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        var decimal = java.util.regex.Pattern.compile("decimal\\((\\d{1,2}),(\\d{1,2})\\)").matcher(t);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            return precision >= 1 && precision <= 38 && scale <= precision
                    ? new ColumnType(Kind.DECIMAL, precision, scale) : null;
        }
        return switch (t) {
            case "string" -> of(Kind.STRING);
            case "long" -> of(Kind.LONG);
            case "int" -> of(Kind.INT);
            case "double" -> of(Kind.DOUBLE);
            case "boolean" -> of(Kind.BOOLEAN);
            case "timestamp" -> of(Kind.TIMESTAMP);
            case "date" -> of(Kind.DATE);
            case "list<string>" -> of(Kind.LIST_OF_STRING);
            default -> null;
        };
    }

    static final String ALLOWED = "string, long, int, double, boolean, timestamp, date, decimal(p,s), list<string>";
}
