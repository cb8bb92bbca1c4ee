package io.convstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.convstore.jobs.Accounting;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore local}: the ingest pipeline over a file of envelopes on embedded services. The job reads the
 * topic up to its end and stops, so when it returns every record is accounted for; the summary comes from the
 * job's own counters and from the stores.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run the pipeline on embedded services over a file of envelopes, then print a JSON summary.")
final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Envelopes, one JSON per line (lines that are not JSON become dead letters).")
    Path input;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the stores are kept (default: a new .convstore/local-<time> directory).")
    Path dataDir;

    @Option(names = "--key-separator", paramLabel = "SEP",
            description = "Each line is 'key SEP value', so any key (even a wrong one) can be sent.")
    String keySeparator;

    @Override
    public Integer call() throws Exception {
        List<EnvelopeFile.Line> lines = EnvelopeFile.read(input, keySeparator);
        Path dir = dataDir != null ? dataDir : Home.root().resolve(".convstore")
                .resolve("local-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.err.printf("convstore local: %d records from %s; stores under %s%n", lines.size(), input, dir);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir, EmbeddedPipeline.Lake.LOCAL_DIRECTORY, Map.of(
                "convstore.kafka.bounded", "true",
                "convstore.kafka.starting-offsets", "EARLIEST",
                "convstore.kafka.group-id", "convstore-local"))) {
            try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                    pipeline.config.kafka().topic())) {
                for (EnvelopeFile.Line line : lines) {
                    publisher.send(line.key(), line.value());
                }
                publisher.flush();
            }
            System.err.println("convstore local: running the ingest job until every record is accounted for ...");
            JobExecutionResult result = pipeline.prepareJob().execute("convstore-local");
            Map<String, Object> summary = summary(lines.size(), result, pipeline);
            spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(summary));
            spec.commandLine().getOut().flush();
            return Boolean.TRUE.equals(summary.get("accounted")) ? 0 : 1;
        }
    }

    private static Map<String, Object> summary(int produced, JobExecutionResult result, EmbeddedPipeline pipeline)
            throws Exception {
        Map<String, Object> counters = result.getAllAccumulatorResults();
        long accepted = counter(counters, Accounting.ACCEPTED);
        long duplicates = counter(counters, Accounting.DUPLICATES);
        Map<String, Long> deadLetters = new TreeMap<>();
        counters.forEach((name, value) -> {
            if (name.startsWith(Accounting.DEAD_LETTERS_PREFIX)) {
                deadLetters.put(name.substring(Accounting.DEAD_LETTERS_PREFIX.length()), (Long) value);
            }
        });
        long refused = deadLetters.values().stream().mapToLong(Long::longValue).sum();
        StoreProbe probe = pipeline.probe();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("produced", produced);
        summary.put("accepted", accepted);
        summary.put("duplicates", duplicates);
        summary.put("dead_letters", deadLetters);
        summary.put("serving_rows", probe.servingRows());
        summary.put("lake_rows", probe.lakeRows());
        summary.put("dead_letter_topic_records", probe.deadLetters());
        summary.put("accounted", accepted + duplicates + refused == produced && probe.deadLetters() == refused);
        summary.put("data_dir", pipeline.dataDir.toAbsolutePath().toString());
        summary.put("lake_warehouse", pipeline.config.lake().warehouse());
        return summary;
    }

    private static long counter(Map<String, Object> counters, String name) {
        Object value = counters.get(name);
        return value == null ? 0L : (Long) value;
    }
}
