package io.convstore.jobs.it;

import io.convstore.jobs.IngestConfig;
import io.convstore.jobs.IngestJob;
import io.convstore.sandbox.S3Server;
import io.convstore.sandbox.Sandbox;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.messages.FlinkJobTerminatedWithoutCancellationException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * One ingest job running on the test's MiniCluster against the sandbox services, with its own topics, consumer
 * group and serving database, so test classes never see each other's data.
 */
final class PipelineRun implements AutoCloseable {
    final String topic;
    final String dlqTopic;
    final String groupId;
    final String jdbcUrl;
    final IngestConfig config;
    private final Sandbox sandbox;
    private JobClient job;

    private PipelineRun(Sandbox sandbox, String name, Map<String, String> options) {
        this.sandbox = sandbox;
        this.topic = name + "-events";
        this.dlqTopic = name + "-events.dlq";
        this.groupId = name + "-ingest";
        this.jdbcUrl = sandbox.postgres().jdbcUrl(name);
        Map<String, String> all = new HashMap<>(Map.of(
                "convstore.kafka.bootstrap-servers", sandbox.kafka().bootstrapServers(),
                "convstore.kafka.topic", topic,
                "convstore.kafka.dlq-topic", dlqTopic,
                "convstore.kafka.group-id", groupId,
                "convstore.serving.jdbc-url", jdbcUrl,
                "convstore.checkpoint.interval", "1s",
                // long enough that a swapped pair is never split by a stall under start-up backpressure
                "convstore.order.max-wait", "10s",
                "parallelism.default", "2"));
        all.putAll(options);
        this.config = IngestConfig.fromMap(all);
    }

    /**
     * Creates the run's topics and database; {@code name} must be a plain lower-case identifier.
     *
     * @param options extra or overriding job options (the lake settings, at least)
     */
    static PipelineRun create(Sandbox sandbox, String name, Map<String, String> options) throws Exception {
        sandbox.postgres().createDatabase(name);
        PipelineRun run = new PipelineRun(sandbox, name, options);
        sandbox.kafka().createTopics(4, run.topic, run.dlqTopic);
        return run;
    }

    /** The options of a lake as deployments keep it: JDBC catalog in the run's database, files on the S3 server. */
    static Map<String, String> lakeOnS3(Sandbox sandbox, String name) {
        return Map.of(
                "convstore.lake.catalog-type", "JDBC",
                "convstore.lake.catalog-uri", sandbox.postgres().jdbcUrl(name),
                "convstore.lake.warehouse", "s3://" + Sandbox.LAKE_BUCKET + "/" + name,
                "convstore.lake.s3.endpoint", sandbox.s3().endpoint(),
                "convstore.lake.s3.access-key", S3Server.ACCESS_KEY,
                "convstore.lake.s3.secret-key", S3Server.SECRET_KEY);
    }

    void start() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.prepare(env, config);
        job = env.executeAsync(config.jobName());
    }

    void produce(List<ConversationDataset.Sent> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ConversationDataset.Sent record : records) {
                producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
            }
            producer.flush();
        }
    }

    /** Produces {@code records} (key, value, Kafka timestamp), in this order, and waits for the acknowledgements. */
    void produceAt(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until a bounded run has finished, and fails if it did not finish successfully. */
    void awaitFinished(Duration patience) throws Exception {
        job.getJobExecutionResult().get(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the job has committed (i.e. checkpointed) every record now in the input topic. */
    boolean caughtUp() throws Exception {
        try (Admin admin = sandbox.kafka().admin()) {
            ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(groupId);
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 4; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = offsets.get(e.getKey());
                return e.getValue().offset() == 0 || (c != null && c.offset() >= e.getValue().offset());
            });
        }
    }

    /** True while the job runs (it has not failed, restarted into failure, or finished). */
    boolean running() throws Exception {
        return job.getJobStatus().get(10, TimeUnit.SECONDS) == org.apache.flink.api.common.JobStatus.RUNNING;
    }

    @Override
    public void close() throws Exception {
        if (job != null && !job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
            try {
                job.cancel().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof FlinkJobTerminatedWithoutCancellationException)) {
                    throw e; // a bounded run that finished meanwhile is fine
                }
            }
            // cancel() returns once asked; wait until the tasks stopped writing to the stores
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState());
        }
    }
}
