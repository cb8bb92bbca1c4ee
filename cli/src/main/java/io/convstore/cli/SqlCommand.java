package io.convstore.cli;

import io.convstore.cli.sql.CatalogTemplate;
import io.convstore.cli.sql.LakeSql;
import io.convstore.cli.sql.ResultFormat;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore sql}: Flink SQL in batch mode over the lake's Iceberg tables — one statement, a file of them
 * (e.g. the shipped questions in {@code sql/queries/}), or an interactive prompt.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Query the lake with Flink SQL (batch). Tables are named plainly: events, chat_messages, "
                + "conversation_summaries, dead_letters, tenant_traffic, … (SHOW TABLES lists them).")
final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statements to run (';' between).")
        String sql;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of statements, e.g. "
                + "sql/queries/daily-events-by-tenant-channel.sql.")
        Path file;

        @Option(names = "--shell", description = "An interactive prompt: statements end with ';', 'quit' leaves.")
        boolean shell;
    }

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (one object per line) "
            + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of each query (default: "
            + "${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    LakeOptions lake;

    @Override
    public Integer call() throws Exception {
        ResultFormat output = ResultFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        List<String> statements = what.shell ? List.of()
                : LakeSql.statements(what.sql != null ? what.sql : Files.readString(what.file));
        if (!what.shell && statements.isEmpty()) {
            throw new IllegalArgumentException("no statement to run");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LakeOptions.OpenLake open = lake.open()) {
            String catalog = CatalogTemplate.render(CatalogTemplate.fileFor(Home.root(), open.settings()),
                    CatalogTemplate.values(open.settings()));
            LakeSql sql = LakeSql.open(catalog, open.settings().namespace(), parallelism);
            if (what.shell) {
                return shell(sql, output, out);
            }
            for (String statement : statements) {
                output.print(sql.run(statement), out);
            }
        }
        return 0;
    }

    private int shell(LakeSql sql, ResultFormat output, PrintWriter out) throws Exception {
        out.printf("lake tables: %s%nstatements end with ';'; quit to leave%n", String.join(", ", sql.tables()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        while (true) {
            out.print(pending.isEmpty() ? "convstore> " : "       ...> ");
            out.flush();
            String line = in.readLine();
            if (line == null || (pending.isEmpty() && line.strip().matches("(?i)quit;?|exit;?"))) {
                return 0;
            }
            pending.append(line).append('\n');
            if (!line.strip().endsWith(";")) {
                continue;
            }
            for (String statement : LakeSql.statements(pending.toString())) {
                try {
                    output.print(sql.run(statement), out);
                } catch (IllegalArgumentException e) {
                    out.println("error: " + e.getMessage());
                }
            }
            pending.setLength(0);
        }
    }
}
