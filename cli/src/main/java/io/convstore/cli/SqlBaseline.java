package io.convstore.cli;

import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.connectors.serving.ServingSinks;
import io.convstore.jobs.IngestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The plain Flink SQL pipeline of the benchmark ({@code bench/sql/plain-flink-sql.sql}): the same topic into a
 * serving table ({@code baseline_events}, upsert by event id) and an Iceberg table ({@code baseline.events}, the
 * events table's schema and partitioning), with convstore's flush and checkpoint settings, on its own MiniCluster.
 */
final class SqlBaseline {
    static final String TABLE = "baseline_events";
    static final String NAMESPACE = "baseline";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private SqlBaseline() {}

    /** Runs the baseline over everything in the input topic now and returns when it finished. */
    static void run(IngestConfig config) throws Exception {
        prepareTables(config);
        Configuration flink = new Configuration(config.flink());
        // Iceberg's SQL sink ships FlinkWriteResult with Kryo; convstore's own job forbids generic types
        flink.set(PipelineOptions.GENERIC_TYPES, true);
        flink.setString("restart-strategy.type", "none"); // a failing baseline must end the benchmark, not loop
        flink.setString("table.local-time-zone", "UTC");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        TableResult last = null;
        for (String statement : statements(Files.readString(script()),
                values(config))) {
            last = tables.executeSql(statement);
        }
        if (last != null) {
            last.await();
        }
    }

    /** The serving table (two B-tree indexes, like conversation_events) and the lake table, both empty. */
    private static void prepareTables(IngestConfig config) throws Exception {
        try (Connection connection = DriverManager.getConnection(config.serving().jdbcUrl(), config.serving().user(),
                config.serving().password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + TABLE);
            statement.execute("CREATE TABLE " + TABLE + " (LIKE conversation_events INCLUDING DEFAULTS)");
            statement.execute("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (tenant_id, conversation_id, event_id)");
            statement.execute("CREATE INDEX ON " + TABLE + " (tenant_id, conversation_id, seq)");
        }
        EventsTable.ensure(lake(config));
    }

    static LakeSettings lake(IngestConfig config) {
        LakeSettings l = config.lake();
        return new LakeSettings(l.catalogType(), l.warehouse(), l.catalogUri(), l.catalogUser(), l.catalogPassword(),
                l.s3Endpoint(), l.s3AccessKey(), l.s3SecretKey(), l.s3Region(), l.s3PathStyleAccess(), NAMESPACE,
                l.buckets(), l.distribution());
    }

    private static Map<String, String> values(IngestConfig config) {
        Map<String, String> catalog = new LinkedHashMap<>();
        catalog.put("type", "iceberg");
        if (config.lake().catalogType() == LakeSettings.CatalogType.JDBC) {
            catalog.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        } else {
            catalog.put("catalog-type", "hadoop");
        }
        catalog.putAll(config.lake().catalogProperties());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("topic", config.kafka().topic());
        values.put("bootstrap", config.kafka().bootstrapServers());
        // text parameters into jsonb columns, as convstore's own statements do with ?::jsonb; batched inserts
        // rewritten to multi-row statements, as convstore's event sink does
        values.put("jdbc_url", ServingSinks.withParameter(ServingSinks.withParameter(config.serving().jdbcUrl(),
                "stringtype=unspecified"), "reWriteBatchedInserts=true"));
        values.put("jdbc_user", config.serving().user());
        values.put("jdbc_password", config.serving().password());
        values.put("flush_interval", config.serving().flushInterval().toMillis() + "ms");
        values.put("batch_size", Integer.toString(config.serving().batchSize()));
        values.put("lake_catalog", catalog.entrySet().stream()
                .map(e -> quote(e.getKey()) + " = " + quote(e.getValue())).collect(Collectors.joining(", ")));
        return values;
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * The statements of a script: comments dropped, placeholders filled, split at a {@code ;} that ends a line
     * (an {@code EXECUTE STATEMENT SET BEGIN … END;} block is one statement).
     */
    static List<String> statements(String script, Map<String, String> values) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBlock = false;
        for (String raw : script.split("\n")) {
            String line = raw.replaceAll("--.*$", "").stripTrailing();
            if (line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            String text = current.toString().strip();
            if (text.startsWith("EXECUTE STATEMENT SET")) {
                inBlock = !line.strip().equals("END;");
            }
            if (!inBlock && line.endsWith(";")) {
                statements.add(fill(text.substring(0, text.length() - 1), values));
                current.setLength(0);
            }
        }
        return statements;
    }

    private static String fill(String statement, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in the baseline script");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Path script() {
        return Home.root().resolve("bench/sql/plain-flink-sql.sql");
    }
}
