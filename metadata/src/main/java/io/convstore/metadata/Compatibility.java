package io.convstore.metadata;

import io.convstore.metadata.ColumnType.Kind;

/** Which schema values fit which lake column types, given a transform. The rules are listed in docs/metadata.md. */
final class Compatibility {
    private Compatibility() {}

    /** Returns null when the column is fine, else what is wrong (to follow the pointer in a message). */
    static String check(SchemaPaths.Found found, ColumnType column, Transform transform, boolean required) {
        if (found.error() != null) {
            return found.error();
        }
        if (required && !found.required()) {
            return "is not required by the schema (list it under 'required' at every level), so the column "
                    + "cannot be required";
        }
        String source = found.jsonType();
        boolean fits = switch (transform.kind()) {
            case JSON -> column.kind() == Kind.STRING;
            case LOWER, SHA256, TRUNCATE -> "string".equals(source) && column.kind() == Kind.STRING;
            case LENGTH -> ("string".equals(source) || "array".equals(source))
                    && (column.kind() == Kind.INT || column.kind() == Kind.LONG);
            case NONE -> switch (column.kind()) {
                case STRING -> "string".equals(source);
                case LONG, INT -> "integer".equals(source);
                case DOUBLE -> "number".equals(source) || "integer".equals(source);
                case DECIMAL -> "number".equals(source) || "integer".equals(source);
                case BOOLEAN -> "boolean".equals(source);
                case TIMESTAMP -> "string".equals(source) && "date-time".equals(found.format());
                case DATE -> "string".equals(source) && "date".equals(found.format());
                case LIST_OF_STRING -> "array".equals(source) && "string".equals(found.itemType());
            };
        };
        if (fits) {
            return null;
        }
        String described = source + (found.format() != null ? " (format " + found.format() + ")" : "")
                + ("array".equals(source) ? " of " + found.itemType() : "");
        return "is " + described + " in the schema, which does not fit a " + column.spelling() + " column"
                + (transform.kind() == Transform.Kind.NONE ? "" : " with transform " + transform.spelling())
                + hint(column, transform);
    }

    private static String hint(ColumnType column, Transform transform) {
        if (transform.kind() != Transform.Kind.NONE) {
            return switch (transform.kind()) {
                case LENGTH -> " (length takes a string or array and gives int or long)";
                case JSON -> " (json gives a string column)";
                default -> " (" + transform.spelling() + " takes a string and gives a string)";
            };
        }
        return switch (column.kind()) {
            case TIMESTAMP -> " (a timestamp column needs a string with \"format\": \"date-time\")";
            case DATE -> " (a date column needs a string with \"format\": \"date\")";
            default -> "; use transform json to keep any value as JSON text";
        };
    }
}
