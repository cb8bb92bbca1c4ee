package io.convstore.cli;

import io.convstore.connectors.serving.ServingSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;

/** What the benchmark measures directly in the serving store: write rates, the raw COPY ceiling, page reads. */
final class ServingBench {
    private ServingBench() {}

    /** Rows written per second from a table's first to its last insert (its {@code ingested_at} span). */
    record WriteRate(long rows, double seconds) {
        double perSecond() {
            return seconds <= 0 ? 0 : rows / seconds;
        }
    }

    static Connection connect(ServingSettings serving) throws SQLException {
        return DriverManager.getConnection(serving.jdbcUrl(), serving.user(), serving.password());
    }

    static WriteRate writeRate(ServingSettings serving, String table) throws SQLException {
        try (Connection connection = connect(serving);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), "
                        + "extract(epoch FROM max(ingested_at) - min(ingested_at)) FROM " + table)) {
            rows.next();
            return new WriteRate(rows.getLong(1), rows.getDouble(2));
        }
    }

    /**
     * The hardware's ceiling for the serving table: the rows convstore wrote, exported and loaded again with binary
     * {@code COPY} into an empty table with the same columns and indexes. Only the load is timed.
     */
    static WriteRate copyCeiling(ServingSettings serving) throws Exception {
        try (Connection connection = connect(serving); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS copy_events");
            statement.execute("CREATE TABLE copy_events (LIKE conversation_events INCLUDING ALL)");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            copy.copyOut("COPY conversation_events TO STDOUT (FORMAT binary)", exported);
            long start = System.nanoTime();
            long rows = copy.copyIn("COPY copy_events FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(exported.toByteArray()));
            double seconds = (System.nanoTime() - start) / 1e9;
            statement.execute("DROP TABLE copy_events");
            return new WriteRate(rows, seconds);
        }
    }

    /**
     * Reads pages of 50 events (keyset by seq, one primary-key range scan) of random known conversations, one after
     * another, until stopped; each read's latency in milliseconds is kept.
     */
    static final class PageReader implements Runnable {
        static final String PAGE = "SELECT seq, event_id, type, occurred_at, actor_role, payload "
                + "FROM conversation_events WHERE tenant_id = ? AND conversation_id = ? AND seq > ? "
                + "ORDER BY seq LIMIT 50";
        private final ServingSettings serving;
        private final List<String[]> conversations;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Double> latencies = new ArrayList<>();
        private volatile Exception failure;

        PageReader(ServingSettings serving, List<String[]> conversations) {
            this.serving = serving;
            this.conversations = conversations;
        }

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(11);
            try (Connection connection = connect(serving); PreparedStatement page = connection.prepareStatement(PAGE)) {
                while (!stop.get()) {
                    String[] key = conversations.get(random.nextInt(conversations.size()));
                    page.setString(1, key[0]);
                    page.setString(2, key[1]);
                    page.setLong(3, random.nextInt(3) == 0 ? random.nextInt(20) : 0);
                    long start = System.nanoTime();
                    int rows = 0;
                    try (ResultSet result = page.executeQuery()) {
                        while (result.next()) {
                            result.getString(6); // fetch the payload too: a reader wants it
                            rows++;
                        }
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    synchronized (latencies) {
                        latencies.add(ms);
                    }
                    Thread.sleep(rows == 0 ? 5 : 20); // about 40 pages a second: an agent desk, not a scan
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }

        void stop() {
            stop.set(true);
        }

        List<Double> latencies() throws Exception {
            if (failure != null) {
                throw failure;
            }
            synchronized (latencies) {
                return List.copyOf(latencies);
            }
        }
    }
}
