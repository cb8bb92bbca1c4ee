package io.convstore.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** The {@code --jdbc-url/--user/--password} options of the commands that read the serving store. */
final class ServingStoreOptions {
    @Option(names = "--jdbc-url", required = true, description = "The serving store, e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/convstore (./convstore demo --keep-running prints it).")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "", description = "Database password.")
    String password;

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
