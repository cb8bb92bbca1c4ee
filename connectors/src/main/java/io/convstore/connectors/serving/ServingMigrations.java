package io.convstore.connectors.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned DDL of {@code sql/serving/} (shipped in this jar) to the serving store, once each.
 * Safe to run from several job starts at once: a PostgreSQL advisory lock serialises them, and the
 * {@code convstore_schema_history} table records what was applied.
 */
public final class ServingMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(ServingMigrations.class);
    private static final String ROOT = "sql/serving/";
    private static final long LOCK_ID = 0x636f6e7673746f72L; // "convstor"

    private ServingMigrations() {}

    /** Applies every migration not yet applied; returns the versions applied now. */
    public static List<Integer> apply(ServingSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK_ID + ")");
            }
            try {
                return applyLocked(connection);
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(" + LOCK_ID + ")");
                }
            }
        }
    }

    /** The migrations not yet applied to the serving store (all of them when it has none), in order. */
    public static List<String> pending(ServingSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password())) {
            boolean hasHistory;
            try (ResultSet tables = connection.getMetaData().getTables(null, null, "convstore_schema_history",
                    null)) {
                hasHistory = tables.next();
            }
            List<String> pending = new ArrayList<>();
            for (String name : migrationNames()) {
                if (!hasHistory || !isApplied(connection, versionOf(name))) {
                    pending.add(name);
                }
            }
            return pending;
        }
    }

    private static List<Integer> applyLocked(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS convstore_schema_history ("
                    + "version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        List<Integer> applied = new ArrayList<>();
        for (String name : migrationNames()) {
            int version = versionOf(name);
            if (isApplied(connection, version)) {
                continue;
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    PreparedStatement record = connection.prepareStatement(
                            "INSERT INTO convstore_schema_history (version, name) VALUES (?, ?)")) {
                statement.execute(read(name));
                record.setInt(1, version);
                record.setString(2, name);
                record.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("serving-store migration " + ROOT + name + " failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
            LOG.info("Applied serving-store migration {}", name);
            applied.add(version);
        }
        return applied;
    }

    private static boolean isApplied(Connection connection, int version) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM convstore_schema_history WHERE version = ?")) {
            query.setInt(1, version);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    static List<String> migrationNames() {
        return read("migrations.list").lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    static int versionOf(String name) {
        if (!name.matches("V\\d+__[a-z0-9_]+\\.sql")) {
            throw new IllegalStateException(ROOT + "migrations.list: '" + name
                    + "' is not a migration name of the form V<n>__<words>.sql");
        }
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static String read(String name) {
        try (InputStream in = ServingMigrations.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ROOT + name + " in the convstore jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ROOT + name, e);
        }
    }
}
