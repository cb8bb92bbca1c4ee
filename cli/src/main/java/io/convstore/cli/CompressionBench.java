package io.convstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import io.convstore.sandbox.Postgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code ./convstore bench compression}: how well each way of keeping large payloads compresses realistic long
 * emails and voice transcripts — zstd in the job at several levels (stored as bytea) against PostgreSQL's own
 * TOAST compression of jsonb (pglz, the default, and lz4). The generator's word salad compresses unrealistically
 * well, so the text comes from the English prose on this machine (licences and package documentation under
 * /usr/share).
 */
final class CompressionBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompressionBench() {}

    static Map<String, Object> run(Path dataDir, int count) throws Exception {
        String corpus = corpus();
        SplittableRandom random = new SplittableRandom(5);
        Map<String, List<String>> sets = new LinkedHashMap<>();
        List<String> emails = new ArrayList<>();
        List<String> transcripts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            emails.add(email(corpus, random));
            transcripts.add(transcript(corpus, random));
        }
        sets.put("email.message", emails);
        sets.put("voice.transcript", transcripts);
        Map<String, Object> results = new LinkedHashMap<>();
        try (Postgres postgres = Postgres.start(dataDir.resolve("postgres"), Postgres.Durability.THROWAWAY)) {
            for (Map.Entry<String, List<String>> set : sets.entrySet()) {
                results.put(set.getKey(), measure(postgres, set.getValue()));
            }
        }
        return results;
    }

    private static Map<String, Object> measure(Postgres postgres, List<String> payloads) throws Exception {
        long raw = payloads.stream().mapToLong(p -> p.getBytes(StandardCharsets.UTF_8).length).sum();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("payloads", payloads.size());
        result.put("mean_bytes", raw / payloads.size());
        for (int level : new int[] {1, 3, 9, 19}) {
            long compressed = 0;
            long start = System.nanoTime();
            List<byte[]> frames = new ArrayList<>();
            for (String payload : payloads) {
                byte[] frame = Zstd.compress(payload.getBytes(StandardCharsets.UTF_8), level);
                frames.add(frame);
                compressed += frame.length;
            }
            double compressSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            for (byte[] frame : frames) {
                Zstd.decompress(frame, (int) Zstd.getFrameContentSize(frame));
            }
            double decompressSeconds = (System.nanoTime() - start) / 1e9;
            result.put("zstd_" + level, Map.of("ratio", ratio(raw, compressed),
                    "compress_mb_per_s", Math.round(raw / compressSeconds / 1e6),
                    "decompress_mb_per_s", Math.round(raw / decompressSeconds / 1e6)));
        }
        for (String method : new String[] {"pglz", "lz4"}) {
            result.put("postgres_jsonb_" + method, Map.of("ratio", ratio(raw, stored(postgres, payloads, method))));
        }
        return result;
    }

    /** Bytes PostgreSQL keeps for the payloads as jsonb under a TOAST compression method. */
    private static long stored(Postgres postgres, List<String> payloads, String method) throws Exception {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS compression_" + method);
            statement.execute("CREATE TABLE compression_" + method + " (payload jsonb COMPRESSION " + method + ")");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO compression_" + method
                    + " VALUES (?::jsonb)")) {
                for (String payload : payloads) {
                    insert.setString(1, payload);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // jsonb's own binary form differs from the text a little; compare against the text it came from
            try (ResultSet rows = statement.executeQuery("SELECT sum(pg_column_size(payload)) FROM compression_"
                    + method)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static double ratio(long raw, long compressed) {
        return Math.round(raw * 100.0 / compressed) / 100.0;
    }

    private static String email(String corpus, SplittableRandom random) throws Exception {
        String body = slice(corpus, random, 2_000, 20_000);
        StringBuilder html = new StringBuilder("<html><body>");
        for (String paragraph : slice(corpus, random, 3_000, 30_000).split("\n\\s*\n")) {
            html.append("<p style=\"margin:0 0 12px 0\">").append(paragraph.strip()).append("</p>\n");
        }
        html.append("</body></html>");
        return JSON.writeValueAsString(Map.of("subject", slice(corpus, random, 20, 80).strip(),
                "from", "customer@tenant.example", "body_text", body, "body_html", html.toString()));
    }

    private static String transcript(String corpus, SplittableRandom random) throws Exception {
        List<Map<String, Object>> segments = new ArrayList<>();
        int at = 0;
        for (int i = 0, n = 10 + random.nextInt(70); i < n; i++) {
            int length = 1_500 + random.nextInt(8_000);
            segments.add(Map.of("speaker", i % 2 == 0 ? "customer" : "agent", "start_ms", at, "end_ms",
                    at + length, "text", slice(corpus, random, 60, 240).replaceAll("\\s+", " ").strip(),
                    "confidence", 0.6 + random.nextInt(40) / 100.0));
            at += length;
        }
        return JSON.writeValueAsString(Map.of("call_id", "call-" + random.nextInt(1_000_000), "duration_ms", at,
                "segments", segments));
    }

    private static String slice(String corpus, SplittableRandom random, int min, int max) {
        int length = min + random.nextInt(max - min);
        int start = random.nextInt(corpus.length() - length);
        return corpus.substring(start, start + length);
    }

    /** English prose from this machine: licence texts and package READMEs and changelogs. */
    private static String corpus() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path root : List.of(Path.of("/usr/share/common-licenses"), Path.of("/usr/share/doc"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (root.endsWith("common-licenses") || name.startsWith("README") || name.startsWith("changelog")) {
                        text.append(read(file)).append("\n\n");
                    }
                    if (text.length() > 8_000_000) {
                        return text.toString();
                    }
                }
            }
        }
        if (text.length() < 100_000) {
            throw new IllegalStateException("too little English text under /usr/share to build the corpus");
        }
        return text.toString();
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
