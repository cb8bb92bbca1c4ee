package io.convstore.cli.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Flink SQL in batch mode over the lake: a table environment with the Iceberg catalog {@code lake} created from a
 * {@link CatalogTemplate} and its namespace as the current database, so queries name tables plainly
 * ({@code SELECT … FROM events}). Each statement runs to completion on an embedded MiniCluster.
 */
public final class LakeSql {
    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']+)' not found");
    private final TableEnvironment tables;
    private final String namespace;

    /** A statement's answer: column names and types, rows as Java values ({@code OK} rows for DDL). */
    public record Result(List<String> columns, List<String> types, List<List<Object>> rows) {}

    private LakeSql(TableEnvironment tables, String namespace) {
        this.tables = tables;
        this.namespace = namespace;
    }

    private static final Pattern CATALOG_NAME = Pattern.compile("(?i)CREATE\\s+CATALOG\\s+`?(\\w+)`?");

    /** Creates the catalog with {@code createCatalog} (a rendered template) and uses {@code <catalog>.<namespace>}. */
    public static LakeSql open(String createCatalog, String namespace, int parallelism) {
        Matcher name = CATALOG_NAME.matcher(createCatalog);
        if (!name.find()) {
            throw new IllegalArgumentException("not a CREATE CATALOG statement: " + createCatalog);
        }
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", Integer.toString(parallelism));
        conf.setString("table.exec.resource.default-parallelism", Integer.toString(parallelism));
        // days and hours of the shipped queries are UTC, whatever the machine's zone
        conf.setString("table.local-time-zone", "UTC");
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode()
                .withConfiguration(conf).build());
        tables.executeSql(createCatalog);
        tables.useCatalog(name.group(1));
        tables.useDatabase(namespace);
        return new LakeSql(tables, namespace);
    }

    public List<String> tables() {
        return List.of(tables.listTables());
    }

    /**
     * Runs one statement. An unknown table is answered with the tables there are; other planner errors keep
     * Flink's message (it names the line and column).
     */
    public Result run(String statement) throws Exception {
        TableResult result;
        try {
            result = tables.executeSql(statement);
        } catch (ValidationException e) {
            Matcher missing = NOT_FOUND.matcher(rootMessage(e));
            if (missing.find()) {
                throw new IllegalArgumentException("unknown table '" + missing.group(1) + "' in the lake's namespace "
                        + namespace + "; the tables are: " + String.join(", ", tables()), e);
            }
            throw new IllegalArgumentException(firstLine(rootMessage(e)), e);
        } catch (org.apache.flink.table.api.SqlParserException e) {
            String head = firstLine(e.getMessage());
            String root = firstLine(rootMessage(e));
            throw new IllegalArgumentException(head.contains(root) ? head : head + ": " + root, e);
        }
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Column column : result.getResolvedSchema().getColumns()) {
            columns.add(column.getName());
            types.add(column.getDataType().getLogicalType().asSummaryString());
        }
        List<List<Object>> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = result.collect()) {
            while (iterator.hasNext()) {
                Row row = iterator.next();
                List<Object> values = new ArrayList<>(row.getArity());
                for (int i = 0; i < row.getArity(); i++) {
                    values.add(row.getField(i));
                }
                rows.add(values);
            }
        }
        return new Result(columns, types, rows);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        String message = e.getMessage();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? e.toString() : message;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Splits a script at semicolons outside quotes and comments; blank statements are dropped. */
    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean comment = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (comment) {
                if (c == '\n') {
                    comment = false;
                    current.append(c);
                }
                continue;
            }
            if (!quoted && c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                comment = true;
                continue;
            }
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                add(statements, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
