package io.convstore.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ServingMigrations;
import io.convstore.connectors.serving.ServingSettings;
import io.convstore.metadata.Registry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API in front of the pipeline: writes published to the input topic and answered with consistency tokens,
 * reads from the serving store scoped to the tenant of the caller's API key, read-your-writes by waiting (bounded)
 * until a token's writes are visible. Errors are RFC 9457 problem documents; {@code /openapi.json} describes the
 * API, {@code /metrics} serves Prometheus metrics.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "convstore.tenant";
    /** The longest a read waits for a token, whatever {@code wait_ms} asks. */
    static final long MAX_WAIT_MS = 10_000;
    static final long DEFAULT_WAIT_MS = 2_000;

    /**
     * Where the API runs and what it talks to.
     *
     * @param serving the serving store (PostgreSQL)
     * @param registry the metadata registry writes are validated against (the job's)
     * @param payloads how offloaded payloads are read
     * @param host the address to bind (loopback by default)
     * @param port the port, 0 for any free one
     * @param maxBodyBytes the largest request body accepted
     */
    public record Settings(ServingSettings serving, String bootstrapServers, String topic, Registry registry,
            PayloadStore.Settings payloads, String host, int port, long maxBodyBytes) {}

    private final HikariDataSource database;
    private final ApiKeys keys;
    private final EventWriter writer;
    private final PayloadStore payloads;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Javalin app;

    private ApiServer(Settings settings) throws Exception {
        ServingMigrations.apply(settings.serving());
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(settings.serving().jdbcUrl());
        pool.setUsername(settings.serving().user());
        pool.setPassword(settings.serving().password());
        pool.setMaximumPoolSize(16);
        pool.setPoolName("convstore-api");
        database = new HikariDataSource(pool);
        keys = new ApiKeys(database);
        writer = new EventWriter(settings.registry(), settings.bootstrapServers(), settings.topic());
        payloads = PayloadStore.open(settings.payloads());
        String openApi = resource("/openapi.json");
        app = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.startup.showJavalinBanner = false;
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4")
                    .result(metrics.scrape()));
            config.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
            config.routes.before("/v1/*", this::authenticate);
            config.routes.post("/v1/events", ctx -> timed(ctx, "write", () -> write(ctx)));
            config.routes.get("/v1/conversations", ctx -> timed(ctx, "list", () -> list(ctx)));
            config.routes.get("/v1/conversations/{id}", ctx -> timed(ctx, "conversation", () -> conversation(ctx)));
            config.routes.get("/v1/conversations/{id}/events", ctx -> timed(ctx, "events", () -> events(ctx)));
            config.routes.exception(ApiProblem.class, (problem, ctx) -> problem(ctx, problem));
            // Javalin's own refusals (body too large, unsupported content) keep their status
            config.routes.exception(HttpResponseException.class, (error, ctx) -> problem(ctx,
                    new ApiProblem(error.getStatus(), "Request refused", error.getMessage())));
            config.routes.exception(Exception.class, (error, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), error);
                problem(ctx, new ApiProblem(500, "Internal error", "the request failed on the server; it is "
                        + "logged"));
            });
            config.routes.error(404, ctx -> {
                String answered = ctx.res().getContentType();
                if (answered == null || !answered.contains("problem")) {
                    problem(ctx, ApiProblem.notFound("no such resource: " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> problem(ctx, new ApiProblem(405, "Method not allowed",
                    ctx.method() + " is not allowed on " + ctx.path())));
            config.routes.error(413, ctx -> problem(ctx, new ApiProblem(413, "Body too large",
                    "the body is larger than " + settings.maxBodyBytes() + " bytes")));
        });
        app.start();
        LOG.info("convstore API listening on http://{}:{}", settings.host(), app.port());
    }

    public static ApiServer start(Settings settings) throws Exception {
        return new ApiServer(settings);
    }

    public int port() {
        return app.port();
    }

    /** API key management (the {@code ./convstore api keys} command), on the same database. */
    public static String createKey(ServingSettings serving, String tenantId) throws Exception {
        try (HikariDataSource db = oneConnection(serving)) {
            return new ApiKeys(db).create(tenantId);
        }
    }

    /** One line per key of {@code tenantId} (all when null): id, tenant, created, revoked. */
    public static List<String> listKeys(ServingSettings serving, String tenantId) throws Exception {
        try (HikariDataSource db = oneConnection(serving)) {
            return new ApiKeys(db).list(tenantId).stream().map(k -> String.join("  ", k.keyId(), k.tenantId(),
                    k.createdAt().toString(), k.revokedAt() == null ? "active" : "revoked " + k.revokedAt()))
                    .toList();
        }
    }

    public static boolean revokeKey(ServingSettings serving, String tenantId, String keyId) throws Exception {
        try (HikariDataSource db = oneConnection(serving)) {
            return new ApiKeys(db).revoke(tenantId, keyId);
        }
    }

    private static HikariDataSource oneConnection(ServingSettings serving) throws Exception {
        ServingMigrations.apply(serving);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(serving.jdbcUrl());
        pool.setUsername(serving.user());
        pool.setPassword(serving.password());
        pool.setMaximumPoolSize(1);
        return new HikariDataSource(pool);
    }

    private void authenticate(Context ctx) throws Exception {
        String header = ctx.header("Authorization");
        String key = header != null && header.startsWith("Bearer ") ? header.substring(7) : ctx.header("X-Api-Key");
        String tenant = keys.tenantOf(key);
        if (tenant == null) {
            throw ApiProblem.unauthorized();
        }
        ctx.attribute(TENANT, tenant);
    }

    private interface Work {
        void run() throws Exception;
    }

    private void timed(Context ctx, String route, Work work) throws Exception {
        long start = System.nanoTime();
        String status = "200";
        try {
            work.run();
            status = Integer.toString(ctx.statusCode());
        } catch (ApiProblem problem) {
            status = Integer.toString(problem.status);
            throw problem;
        } catch (Exception e) {
            status = "500";
            throw e;
        } finally {
            Timer.builder("convstore_api_requests").tag("route", route).tag("status", status)
                    .publishPercentiles(0.5, 0.99).register(metrics)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void write(Context ctx) throws Exception {
        String token = writer.write(ctx.attribute(TENANT), ctx.bodyAsBytes());
        ObjectNode body = JSON.createObjectNode();
        body.put("consistency_token", token);
        ctx.status(201).header("Consistency-Token", token).contentType("application/json").result(body.toString());
    }

    private void events(Context ctx) throws Exception {
        try (Connection connection = database.getConnection()) {
            awaitToken(ctx, connection);
            ObjectNode page = ConversationReads.events(connection, payloads, ctx.attribute(TENANT),
                    ctx.pathParam("id"), ctx.queryParam("after_seq"), ctx.queryParam("before_seq"),
                    ctx.queryParam("cursor"), ctx.queryParam("limit"));
            ctx.contentType("application/json").result(page.toString());
        }
    }

    private void conversation(Context ctx) throws Exception {
        try (Connection connection = database.getConnection()) {
            // the row is written by its own sink: the token's events must be folded into it too
            awaitToken(ctx, connection, positions -> Tokens.folded(connection, ctx.attribute(TENANT),
                    ctx.pathParam("id"), positions));
            ctx.contentType("application/json").result(ConversationReads.conversation(connection,
                    ctx.attribute(TENANT), ctx.pathParam("id")).toString());
        }
    }

    private void list(Context ctx) throws Exception {
        try (Connection connection = database.getConnection()) {
            awaitToken(ctx, connection, positions -> Tokens.folded(connection, ctx.attribute(TENANT), null,
                    positions));
            ctx.contentType("application/json").result(ConversationReads.list(connection, ctx.attribute(TENANT),
                    ctx.queryParam("status"), ctx.queryParam("updated_since"), ctx.queryParam("cursor"),
                    ctx.queryParam("limit")).toString());
        }
    }

    /**
     * Read-your-writes: with a token ({@code min_token} or header {@code Consistency-Token}), waits until its writes
     * are visible, polling, up to {@code wait_ms} (default 2 s, at most 10 s); past that, a 409 problem with a
     * retry hint rather than an answer that could miss the write.
     */
    private void awaitToken(Context ctx, Connection connection) throws Exception {
        awaitToken(ctx, connection, positions -> true);
    }

    private interface Condition {
        boolean holds(List<Tokens.Position> positions) throws Exception;
    }

    private void awaitToken(Context ctx, Connection connection, Condition also) throws Exception {
        String token = ctx.queryParam("min_token") != null ? ctx.queryParam("min_token")
                : ctx.header("Consistency-Token");
        if (token == null) {
            return;
        }
        List<Tokens.Position> positions = Tokens.decode(token);
        String waitText = ctx.queryParam("wait_ms");
        if (waitText != null && !waitText.matches("\\d{1,5}")) {
            throw ApiProblem.badRequest("wait_ms must be 0 to " + MAX_WAIT_MS);
        }
        long wait = Math.min(waitText == null ? DEFAULT_WAIT_MS : Long.parseLong(waitText), MAX_WAIT_MS);
        long deadline = System.nanoTime() + wait * 1_000_000L;
        long pause = 5;
        while (!Tokens.covered(connection, positions) || !also.holds(positions)) {
            if (System.nanoTime() >= deadline) {
                ctx.header("Retry-After", "1");
                throw new ApiProblem(409, "Not yet visible", "the writes of the consistency token are not in the "
                        + "serving store yet (waited " + wait + " ms); retry", Map.of("retry_after_ms", 500));
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    private static void problem(Context ctx, ApiProblem problem) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", problem.title);
        body.put("status", problem.status);
        body.put("detail", problem.getMessage());
        body.put("instance", ctx.path());
        problem.extensions.forEach((key, value) -> body.set(key, JSON.valueToTree(value)));
        ctx.status(problem.status).contentType("application/problem+json").result(body.toString());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        app.stop();
        writer.close();
        payloads.close();
        database.close();
    }
}
