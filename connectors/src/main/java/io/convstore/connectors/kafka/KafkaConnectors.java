package io.convstore.connectors.kafka;

import io.convstore.event.DeadLetter;
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
        if (topics.isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().distinct().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.empty(), Optional.empty())).toList();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
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
}
