package io.convstore.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries (Debian's {@code postgresql-NN} package, found under
 * {@code /usr/lib/postgresql/*}/bin or through {@code CONVSTORE_PG_BIN}), with its data directory where the caller
 * says, listening on 127.0.0.1 and a free port. As root, the server runs as OS user {@code postgres}.
 */
public final class Postgres implements AutoCloseable {
    public static final String DATABASE = "convstore";
    public static final String USER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asRoot;
    private final Durability durability;
    /** false for a server another process started ({@link #running}): closing it must not stop it. */
    private final boolean owned;

    private Postgres(Path bin, Path dataDir, int port, boolean asRoot, Durability durability, boolean owned) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asRoot = asRoot;
        this.durability = durability;
        this.owned = owned;
    }

    /** How much durability the server keeps: tests trade it for speed, the demo keeps it. */
    public enum Durability {
        /** fsync off: a crash of the machine may lose data. For throwaway test servers only. */
        THROWAWAY,
        DURABLE
    }

    /**
     * Starts a server on {@code dataDir}, running initdb first when the directory holds no cluster yet, and
     * creates the {@value #DATABASE} database when it does not exist.
     */
    public static Postgres start(Path dataDir, Durability durability) throws IOException, InterruptedException,
            SQLException {
        Path bin = findBinaries();
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dataDir);
        Postgres server = new Postgres(bin, dataDir.toAbsolutePath(), Ports.free(), asRoot, durability, true);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            server.initdb();
        } else {
            server.stopLeftoverServer();
        }
        server.startServer();
        server.createDatabase();
        return server;
    }

    /**
     * Stops the server (fast shutdown: every open connection is cut, open transactions roll back) and starts it
     * again on the same port and data. For outage drills.
     */
    public void restart() throws IOException, InterruptedException {
        close();
        startServer();
    }

    /**
     * The server another process runs on {@code dataDir} (e.g. {@code ./convstore demo --keep-running}), if any:
     * its port from {@code postmaster.pid}, confirmed by a connection. Closing the returned handle leaves it running.
     */
    public static java.util.Optional<Postgres> running(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return java.util.Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return java.util.Optional.empty();
        }
        Postgres server = new Postgres(findBinaries(), dataDir.toAbsolutePath(), Integer.parseInt(lines.get(3).trim()),
                "root".equals(System.getProperty("user.name")), Durability.DURABLE, false);
        try (Connection probe = DriverManager.getConnection(server.jdbcUrl("postgres"), USER, "")) {
            return java.util.Optional.of(server);
        } catch (SQLException e) {
            return java.util.Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of the {@value #DATABASE} database (user {@value #USER}, trust authentication on loopback). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    private void initdb() throws IOException, InterruptedException {
        if (asRoot) {
            allowPostgresUser(dataDir);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
    }

    private void startServer() throws IOException, InterruptedException {
        if (asRoot) {
            allowPostgresUser(dataDir);
        }
        String options = "-p " + port + " -k " + dataDir + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                + (durability == Durability.THROWAWAY
                        ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                        : "");
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l",
                dataDir.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start"), "pg_ctl start");
    }

    private void createDatabase() throws SQLException {
        createDatabase(DATABASE);
    }

    /** Creates database {@code name} (lower-case letters, digits, underscores) unless it exists. */
    public void createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + name);
        }
    }

    /**
     * A run that was killed (not stopped) leaves its server up on this data directory; it is ours, so stop it
     * before starting again instead of failing on the lock file.
     */
    private void stopLeftoverServer() throws IOException, InterruptedException {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        List<String> status = new ArrayList<>();
        if (asRoot) {
            status.addAll(List.of("runuser", "-u", USER, "--"));
        }
        status.addAll(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "status"));
        Process probe = new ProcessBuilder(status).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
            close();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!owned) {
            return;
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30",
                "stop"), "pg_ctl stop");
    }

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        Path log = Files.createTempFile("convstore-pg-", ".log");
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + process.exitValue() + "): " + Files.readString(log)
                        + serverLogTail());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private String serverLogTail() throws IOException {
        Path serverLog = dataDir.resolve("server.log");
        if (!Files.exists(serverLog)) {
            return "";
        }
        List<String> lines = Files.readAllLines(serverLog);
        return "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** The server refuses to run as root: hand the data directory to {@code postgres} and let it reach it. */
    private static void allowPostgresUser(Path dir) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", "-R", USER + ":" + USER, dir.toString()).inheritIO().start();
        if (chown.waitFor() != 0) {
            throw new IOException("chown -R postgres " + dir + " failed");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        for (Path parent = dir.getParent(); parent != null; parent = parent.getParent()) {
            var perms = Files.getPosixFilePermissions(parent);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("PostgreSQL runs as user 'postgres', which cannot enter " + parent
                        + " (no x permission for others); choose a data directory under a path it can reach, "
                        + "e.g. /tmp or /var/tmp");
            }
        }
    }

    static Path findBinaries() throws IOException {
        String override = System.getenv("CONVSTORE_PG_BIN");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> versionNumber(b.getParent().getFileName().toString())));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IOException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install them "
                + "with 'apt-get install -y postgresql' (as root) or set CONVSTORE_PG_BIN to the directory holding "
                + "initdb and pg_ctl");
    }

    private static int versionNumber(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
