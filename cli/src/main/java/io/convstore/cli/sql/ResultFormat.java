package io.convstore.cli.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How {@code ./convstore sql} prints a result: an aligned table, CSV (RFC 4180) or JSON lines. */
public enum ResultFormat {
    TABLE, CSV, JSON;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    public void print(LakeSql.Result result, PrintWriter out) throws Exception {
        switch (this) {
            case TABLE -> table(result, out);
            case CSV -> csv(result, out);
            case JSON -> json(result, out);
        }
        out.flush();
    }

    /** A value as text: timestamps in UTC with milliseconds, arrays and maps in brackets, null as empty. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant instant) {
            return TIMESTAMP.format(instant.atOffset(ZoneOffset.UTC)) + "Z";
        }
        if (value instanceof LocalDateTime time) {
            return TIMESTAMP.format(time);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(ResultFormat::text).toList().toString();
        }
        if (value instanceof byte[] bytes) {
            return "0x" + java.util.HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            return map.toString();
        }
        return value.toString();
    }

    private static void table(LakeSql.Result result, PrintWriter out) {
        int columns = result.columns().size();
        int[] widths = new int[columns];
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            widths[c] = result.columns().get(c).length();
        }
        for (List<Object> row : result.rows()) {
            String[] line = new String[columns];
            for (int c = 0; c < columns; c++) {
                line[c] = row.get(c) == null ? "NULL" : text(row.get(c));
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        out.println(line(result.columns().toArray(String[]::new), widths, result.types(), false));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        out.println(rule);
        for (String[] line : cells) {
            out.println(line(line, widths, result.types(), true));
        }
        out.printf("(%d row%s)%n", result.rows().size(), result.rows().size() == 1 ? "" : "s");
    }

    private static String line(String[] values, int[] widths, List<String> types, boolean alignNumbers) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < values.length; c++) {
            String value = values[c];
            boolean number = alignNumbers && isNumeric(types.get(c));
            String padded = number ? " ".repeat(widths[c] - value.length()) + value
                    : value + " ".repeat(widths[c] - value.length());
            line.append(c == 0 ? "" : " | ").append(padded);
        }
        return line.toString().stripTrailing();
    }

    private static boolean isNumeric(String type) {
        return type.startsWith("INT") || type.startsWith("BIGINT") || type.startsWith("SMALLINT")
                || type.startsWith("TINYINT") || type.startsWith("DOUBLE") || type.startsWith("FLOAT")
                || type.startsWith("DECIMAL");
    }

    private static void csv(LakeSql.Result result, PrintWriter out) {
        out.print(String.join(",", result.columns().stream().map(ResultFormat::csvField).toList()) + "\r\n");
        for (List<Object> row : result.rows()) {
            out.print(String.join(",", row.stream().map(v -> csvField(text(v))).toList()) + "\r\n");
        }
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static void json(LakeSql.Result result, PrintWriter out) throws Exception {
        for (List<Object> row : result.rows()) {
            ObjectNode object = JSON_MAPPER.createObjectNode();
            for (int c = 0; c < result.columns().size(); c++) {
                Object value = row.get(c);
                String name = result.columns().get(c);
                if (value == null) {
                    object.putNull(name);
                } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte) {
                    object.put(name, ((Number) value).longValue());
                } else if (value instanceof Double || value instanceof Float) {
                    object.put(name, ((Number) value).doubleValue());
                } else if (value instanceof BigDecimal decimal) {
                    object.put(name, decimal);
                } else if (value instanceof Boolean bool) {
                    object.put(name, bool);
                } else {
                    object.put(name, text(value));
                }
            }
            out.println(JSON_MAPPER.writeValueAsString(object));
        }
    }
}
