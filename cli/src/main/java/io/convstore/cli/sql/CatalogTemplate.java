package io.convstore.cli.sql;

import io.convstore.connectors.lake.LakeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalog definition of {@code sql/catalogs/} ({@code CREATE CATALOG lake WITH ('key' = 'value', …)}) with
 * {@code ${name}} placeholders, filled from the lake settings. A property whose value comes out empty is left out
 * (on AWS, no {@code s3.endpoint}; without keys, the default credential chain), so one file serves every setup.
 */
public final class CatalogTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_]+)}");
    private static final Pattern PROPERTY = Pattern.compile("\\s*'([^']+)'\\s*=\\s*'((?:[^']|'')*)'\\s*,?\\s*");

    private CatalogTemplate() {}

    /** The template for these settings: {@code s3.sql} for a JDBC catalog, {@code local.sql} for a directory. */
    public static Path fileFor(Path home, LakeSettings lake) {
        return home.resolve("sql/catalogs").resolve(lake.catalogType() == LakeSettings.CatalogType.JDBC ? "s3.sql"
                : "local.sql");
    }

    /** The values the shipped templates use, from the lake settings. */
    public static Map<String, String> values(LakeSettings lake) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("warehouse", lake.warehouse());
        values.put("catalog_uri", lake.catalogUri());
        values.put("catalog_user", lake.catalogUser());
        values.put("catalog_password", lake.catalogPassword());
        values.put("s3_endpoint", lake.s3Endpoint());
        values.put("s3_access_key", lake.s3AccessKey());
        values.put("s3_secret_key", lake.s3SecretKey());
        values.put("s3_region", lake.s3Region());
        values.put("s3_path_style_access", Boolean.toString(lake.s3PathStyleAccess()));
        return values;
    }

    /** The statement with every placeholder filled; an unknown placeholder is an error naming the file. */
    public static String render(Path file, Map<String, String> values) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        boolean inProperties = false;
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.strip().startsWith("--")) {
                continue;
            }
            String filled = fill(file, lineNumber, line, values);
            if (inProperties) {
                Matcher property = PROPERTY.matcher(filled);
                if (property.matches()) {
                    if (!property.group(2).isEmpty()) {
                        properties.add("  '" + property.group(1) + "' = '" + property.group(2) + "'");
                    }
                    continue;
                }
                out.add(String.join(",\n", properties));
                inProperties = false;
            }
            out.add(filled);
            if (filled.strip().endsWith("WITH (")) {
                inProperties = true;
            }
        }
        if (inProperties) {
            throw new IOException(file + ": the WITH ( … ) list is not closed");
        }
        return String.join("\n", out).strip();
    }

    private static String fill(Path file, int lineNumber, String line, Map<String, String> values)
            throws IOException {
        Matcher placeholder = PLACEHOLDER.matcher(line);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            if (!values.containsKey(name)) {
                throw new IOException(file + ":" + lineNumber + ": unknown placeholder ${" + name + "}; known: "
                        + values.keySet());
            }
            String value = values.get(name) == null ? "" : values.get(name).replace("'", "''");
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }
}
