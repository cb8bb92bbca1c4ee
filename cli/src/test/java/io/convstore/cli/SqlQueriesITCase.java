package io.convstore.cli;

import static io.convstore.cli.LakeFixture.event;
import static io.convstore.cli.LakeFixture.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.cli.cluster.FlinkDistribution;
import io.convstore.connectors.lake.LakeSettings;
import io.convstore.jobs.IngestOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DistributionMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped question of {@code sql/queries/} through {@code ./convstore sql -f}, over a hand-made dataset in a
 * local lake with the job's table definitions; each answer was computed by hand from the rows below.
 */
class SqlQueriesITCase {
    @TempDir
    static Path dir;

    private static String warehouse;
    private static Path queries;

    @BeforeAll
    static void fillTheLake() throws Exception {
        Path home = FlinkDistribution.home();
        System.setProperty("convstore.home", home.toString());
        queries = home.resolve("sql/queries");
        warehouse = dir.resolve("lake").toUri().toString();
        LakeFixture lake = new LakeFixture(new LakeSettings(LakeSettings.CatalogType.HADOOP, warehouse, null, null,
                null, null, null, null, "us-east-1", true, "convstore", IngestOptions.LAKE_BUCKETS.defaultValue(),
                DistributionMode.NONE));
        lake.append("events", List.of(
                event("tenant-a", "a1", 1, "chat.message", "chat", "2026-12-03T09:00:00Z", "{}"),
                event("tenant-a", "a1", 2, "chat.message", "chat", "2026-12-03T09:01:00Z", "{}"),
                event("tenant-a", "a1", 3, "chat.message", "chat", "2026-12-03T23:59:59Z", "{}"),
                event("tenant-a", "a2", 1, "email.message", "email", "2026-12-03T10:00:00Z", "{}"),
                event("tenant-a", "a1", 4, "chat.message", "chat", "2026-12-04T00:00:00Z", "{}"),
                event("tenant-a", "a1", 5, "chat.message", "chat", "2026-12-04T08:00:00Z", "{}"),
                event("tenant-a", "a3", 1, "voice.transcript", "voice", "2026-12-04T08:30:00Z", "{}"),
                event("tenant-b", "b1", 1, "chat.message", "chat", "2026-12-04T12:00:00Z", "{}"),
                event("tenant-b", "b1", 2, "chat.message", "chat", "2026-12-04T12:05:00Z", "{}"),
                event("tenant-b", "b1", 3, "conversation.status", null, "2026-12-04T12:10:00Z", "{}")));
        lake.append("conversation_summaries", List.of(
                session("tenant-a", "a1", "2026-12-03T09:00:00Z", 600_000, 1_000L, 10, "closed", 0),
                session("tenant-a", "a2", "2026-12-03T10:00:00Z", 1_200_000, 2_000L, 12, "idle", 1),
                session("tenant-a", "a3", "2026-12-03T11:00:00Z", 300_000, 3_000L, 4, "closed", 0),
                session("tenant-a", "a4", "2026-12-03T12:00:00Z", 90_000, null, 2, "idle", 0),
                session("tenant-b", "b1", "2026-12-03T13:00:00Z", 1_800_000, 10_000L, 20, "closed", 2),
                session("tenant-b", "b2", "2026-12-03T14:00:00Z", 60_000, 20_000L, 3, "closed", 0),
                session("tenant-a", "a5", "2026-12-03T15:00:00Z", 30_000, 4_000L, 2, "closed", 0),
                session("tenant-a", "a1", "2026-12-04T09:00:00Z", 120_000, null, 5, "closed", 0),
                session("tenant-b", "b1", "2026-12-04T09:00:00Z", 240_000, null, 6, "idle", 1)));
        List<Map<String, Object>> ai = new ArrayList<>();
        long[][] gpt = {{100, 10, 5}, {200, 20, 15}, {300, 30, 25}, {450, 40, 35}};
        for (int i = 0; i < gpt.length; i++) {
            ai.add(aiResponse("c" + i, "gpt-x", gpt[i][0], gpt[i][1], gpt[i][2], "0.001000"));
        }
        ai.add(aiResponse("c9", "small-y", 50, 7, 3, "0.000500"));
        lake.append("ai_responses", ai);
        lake.append("dead_letters", List.of(
                deadLetter("malformed_json", null, 10, "2026-12-04T10:00:00Z", 1),
                deadLetter("malformed_json", null, 20, "2026-12-04T11:00:00Z", 2),
                deadLetter("schema_violation", "tenant-a", 100, "2026-12-04T09:00:00Z", 3),
                deadLetter("schema_violation", "tenant-a", 50, "2026-12-04T12:00:00Z", 4),
                deadLetter("unknown_type", "tenant-b", 30, "2026-12-03T08:00:00Z", 5)));
        lake.append("tenant_traffic", List.of(
                minute("2026-12-04T10:00:00Z", "tenant-a", "final", 90, 0.9, true),
                minute("2026-12-04T10:01:00Z", "tenant-a", "final", 80, 0.8, true),
                minute("2026-12-04T10:01:00Z", "tenant-a", "update", 85, 0.85, true),
                minute("2026-12-04T10:02:00Z", "tenant-b", "final", 70, 0.7, true),
                minute("2026-12-04T10:02:00Z", "tenant-a", "final", 30, 0.3, false),
                minute("2026-12-04T11:05:00Z", "tenant-a", "final", 60, 0.6, true)));
    }

    @Test
    void everyShippedQueryHasATest() throws Exception {
        try (Stream<Path> files = Files.list(queries)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "daily-events-by-tenant-channel.sql", "first-response-percentiles.sql",
                    "ai-latency-and-tokens-by-model.sql", "dead-letters-by-reason-and-tenant.sql",
                    "longest-conversations-per-day.sql", "hot-tenants-per-hour.sql");
        }
        try (Stream<Path> files = Files.list(queries)) {
            assertThat(files).allSatisfy(file -> assertThat(Files.readString(file)).startsWith("-- Question: "));
        }
    }

    @Test
    void dailyEventsPerTenantAndChannel() {
        assertThat(csv("daily-events-by-tenant-channel.sql")).containsExactly(
                "day,tenant_id,channel,events,conversations",
                "2026-12-03,tenant-a,chat,3,1",
                "2026-12-03,tenant-a,email,1,1",
                "2026-12-04,tenant-a,chat,2,1",
                "2026-12-04,tenant-a,voice,1,1",
                "2026-12-04,tenant-b,chat,2,1",
                "2026-12-04,tenant-b,none,1,1");
    }

    @Test
    void firstResponsePercentilesPerTenant() {
        // tenant-a: 1, 2, 3, 4 s (a4 and the 12-04 session had no reply); tenant-b: 10, 20 s; linear interpolation
        assertThat(csv("first-response-percentiles.sql")).containsExactly(
                "tenant_id,sessions,p50_s,p90_s,p99_s",
                "tenant-a,4,2.5,3.7,4.0",
                "tenant-b,2,15.0,19.0,19.9");
    }

    @Test
    void aiLatencyAndTokensPerModel() {
        assertThat(csv("ai-latency-and-tokens-by-model.sql")).containsExactly(
                "model,responses,mean_latency_ms,p50_latency_ms,p95_latency_ms,input_tokens,output_tokens,"
                        + "mean_output_tokens,cost_usd",
                "gpt-x,4,262.5,250.0,427.5,100,80,20.0,0.004000",
                "small-y,1,50.0,50.0,50.0,7,3,3.0,0.000500");
    }

    @Test
    void deadLettersByReasonAndTenant() {
        assertThat(csv("dead-letters-by-reason-and-tenant.sql")).containsExactly(
                "reason,tenant_id,dead_letters,total_bytes,first_refused_at,last_refused_at",
                "malformed_json,unknown,2,30,2026-12-04 10:00:00.000Z,2026-12-04 11:00:00.000Z",
                "schema_violation,tenant-a,2,150,2026-12-04 09:00:00.000Z,2026-12-04 12:00:00.000Z",
                "unknown_type,tenant-b,1,30,2026-12-03 08:00:00.000Z,2026-12-03 08:00:00.000Z");
    }

    @Test
    void longestConversationsOfEachDay() {
        // 12-03 has seven sessions: the five longest; 12-04 has two
        assertThat(csv("longest-conversations-per-day.sql")).containsExactly(
                "day,rank_of_day,tenant_id,conversation_id,minutes,event_count,close_reason,transfers",
                "2026-12-03,1,tenant-b,b1,30.0,20,closed,2",
                "2026-12-03,2,tenant-a,a2,20.0,12,idle,1",
                "2026-12-03,3,tenant-a,a1,10.0,10,closed,0",
                "2026-12-03,4,tenant-a,a3,5.0,4,closed,0",
                "2026-12-03,5,tenant-a,a4,1.5,2,idle,0",
                "2026-12-04,1,tenant-b,b1,4.0,6,idle,1",
                "2026-12-04,2,tenant-a,a1,2.0,5,closed,0");
    }

    @Test
    void hotTenantsPerHour() {
        // 'update' rows and minutes that were not hot do not count
        assertThat(csv("hot-tenants-per-hour.sql")).containsExactly(
                "hour,tenant_id,hot_minutes,peak_share,events_in_hot_minutes",
                "2026-12-04 10:00:00.000Z,tenant-a,2,0.9,170",
                "2026-12-04 10:00:00.000Z,tenant-b,1,0.7,70",
                "2026-12-04 11:00:00.000Z,tenant-a,1,0.6,60");
    }

    @Test
    void printsAlignedTablesAndJsonLines() {
        Run table = sql("-e", "SELECT tenant_id, COUNT(*) AS events FROM events GROUP BY tenant_id "
                + "ORDER BY tenant_id", "--warehouse", warehouse);
        assertThat(table.exit).isZero();
        assertThat(table.out.lines()).containsExactly(
                "tenant_id | events",
                "----------+-------",
                "tenant-a  |      7",
                "tenant-b  |      3",
                "(2 rows)");
        Run json = sql("-e", "SELECT model, SUM(input_tokens) AS input_tokens FROM ai_responses GROUP BY model "
                + "ORDER BY model", "--warehouse", warehouse, "--format", "json");
        assertThat(json.out.lines()).containsExactly("{\"model\":\"gpt-x\",\"input_tokens\":100}",
                "{\"model\":\"small-y\",\"input_tokens\":7}");
    }

    @Test
    void anUnknownTableIsAnsweredWithTheTablesThereAre() {
        Run run = sql("-e", "SELECT * FROM chats", "--warehouse", warehouse);
        assertThat(run.exit).isNotZero();
        assertThat(run.err).contains("unknown table 'chats' in the lake's namespace convstore; the tables are: ")
                .contains("events", "chat_messages", "conversation_summaries", "dead_letters", "tenant_traffic");
    }

    private static List<String> csv(String query) {
        Run run = sql("-f", queries.resolve(query).toString(), "--warehouse", warehouse, "--format", "csv");
        assertThat(run.exit).as("exit; stderr: %s", run.err).isZero();
        return run.out.lines().toList();
    }

    record Run(int exit, String out, String err) {}

    static Run sql(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("sql"), Stream.of(args)).toArray(String[]::new);
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Map<String, Object> session(String tenant, String conversation, String openedAt, long durationMs,
            Long firstResponseMs, long events, String closeReason, long transfers) {
        Instant opened = Instant.parse(openedAt);
        return row("tenant_id", tenant, "conversation_id", conversation, "session_start_seq", 1L,
                "close_reason", closeReason, "opened_at", opened, "closed_at", opened.plusMillis(durationMs),
                "last_event_at", opened.plusMillis(durationMs), "duration_ms", durationMs, "last_seq", events,
                "event_count", events, "conversation_event_count", events, "transfers", transfers,
                "first_response_ms", firstResponseMs, "agent_responses", 1L, "bot_responses", 0L,
                "ai_responses", 0L, "late_events", 0L, "summarized_at", opened.plusMillis(durationMs));
    }

    private static Map<String, Object> aiResponse(String conversation, String model, long latencyMs, long input,
            long output, String cost) {
        Map<String, Object> row = LakeFixture.envelope("tenant-a", conversation, 1, "ai.response", "chat",
                "2026-12-04T10:00:00Z");
        row.putAll(row("model", model, "text", "answer", "latency_ms", latencyMs, "input_tokens", input,
                "output_tokens", output, "cost_usd", new BigDecimal(cost)));
        return row;
    }

    private static Map<String, Object> deadLetter(String reason, String tenant, long bytes, String refusedAt,
            long offset) {
        return row("refused_at", Instant.parse(refusedAt), "reason", reason, "tenant_id", tenant,
                "source_partition", 0, "source_offset", offset, "value_bytes", bytes);
    }

    private static Map<String, Object> minute(String start, String tenant, String kind, long events, double share,
            boolean hot) {
        Instant from = Instant.parse(start);
        return row("window_start", from, "window_end", from.plusSeconds(60), "tenant_id", tenant, "kind", kind,
                "events", events, "bytes", events * 100, "active_conversations", 1L, "dead_letters", 0L,
                "share", share, "hot", hot, "emitted_at", from.plusSeconds(61));
    }
}
