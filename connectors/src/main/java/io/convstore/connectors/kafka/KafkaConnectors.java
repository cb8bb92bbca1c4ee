package io.convstore.connectors.kafka;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.event.RawRecord;
import io.convstore.event.TargetRecord;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Factories for the Kafka source of conversation events and the dead-letter sink. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /** The source of raw conversation events; offsets are committed to the group on each checkpoint. */
    @SuppressWarnings("deprecation") // OffsetResetStrategy is what the connector's API still takes
    public static KafkaSource<RawRecord> eventSource(KafkaSettings settings) {
        OffsetsInitializer start = switch (settings.startingOffsets()) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setTopics(settings.topic())
                .setGroupId(settings.groupId())
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000");
        if (settings.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The writer of the types' extra Kafka targets: each record goes to its own topic, keyed by conversation, with
     * the event id in header {@value DeadLetterHeaders#EVENT}. At-least-once: consumers deduplicate by that id.
     */
    public static KafkaSink<TargetRecord> targetSink(KafkaSettings settings) {
        return KafkaSink.<TargetRecord>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<TargetRecord>) (record, context, timestamp) ->
                        new ProducerRecord<>(record.topic(), null, null, record.key(), record.value(),
                                List.of(new RecordHeader(DeadLetterHeaders.EVENT,
                                        record.eventId().getBytes(StandardCharsets.UTF_8)))))
                .setProperty("compression.type", "zstd")
                .build();
    }

    /** Creates the topics that do not exist yet, with the broker's default partitions and replication. */
    public static void ensureTopics(KafkaSettings settings, Collection<String> topics) throws Exception {
        ensureTopics(settings, topics, Optional.empty());
    }

    /**
     * Creates the curated topic when it does not exist yet, with as many partitions as the input topic (when that
     * exists), so its consumers scale like the job's.
     */
    public static void ensureCuratedTopic(KafkaSettings settings) throws Exception {
        if (settings.curatedTopic() == null) {
            return;
        }
        Optional<Integer> partitions;
        try (Admin admin = Admin.create(adminProperties(settings))) {
            var input = admin.describeTopics(List.of(settings.topic())).allTopicNames();
            try {
                partitions = Optional.of(input.get(30, TimeUnit.SECONDS).get(settings.topic()).partitions().size());
            } catch (ExecutionException e) {
                partitions = Optional.empty(); // no input topic yet: the broker's default
            }
        }
        ensureTopics(settings, List.of(settings.curatedTopic()), partitions);
    }

    private static void ensureTopics(KafkaSettings settings, Collection<String> topics, Optional<Integer> partitions)
            throws Exception {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties(settings))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, Optional.empty())).toList();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static Properties adminProperties(KafkaSettings settings) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return props;
    }

    /** The largest dead letter the writer sends (the dead-letter topic must accept as much). */
    public static final int DEAD_LETTER_MAX_BYTES = 64 * 1024 * 1024;

    /** The dead-letter topic writer. At-least-once: a dead letter may repeat after a failure, never vanish. */
    public static KafkaSink<DeadLetter> deadLetterSink(KafkaSettings settings) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new DeadLetterSerializer(settings.deadLetterTopic()))
                .setProperty("compression.type", "zstd")
                // a dead letter carries the refused record's bytes, as large as any input record can be
                .setProperty("max.request.size", Integer.toString(DEAD_LETTER_MAX_BYTES))
                .build();
    }

    /**
     * The curated topic's sink: each ordered event as its envelope with the assigned {@code seq}, keyed by
     * conversation, in Kafka transactions committed on checkpoints, so {@code read_committed} consumers see every
     * event once and in {@code seq} order per conversation.
     */
    public static KafkaSink<Event> curatedSink(KafkaSettings settings) {
        return KafkaSink.<Event>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(settings.transactionalIdPrefix())
                .setRecordSerializer(new CuratedSerializer(settings.curatedTopic()))
                .setProperty("compression.type", "zstd")
                // below the brokers' default transaction.max.timeout.ms (15 min), above any checkpoint we run
                .setProperty("transaction.timeout.ms", Integer.toString(CURATED_TRANSACTION_TIMEOUT_MS))
                .setProperty("max.request.size", Integer.toString(DEAD_LETTER_MAX_BYTES))
                .build();
    }

    /** How long a curated transaction may stay open: longer than a checkpoint interval plus its duration. */
    static final int CURATED_TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;
}
