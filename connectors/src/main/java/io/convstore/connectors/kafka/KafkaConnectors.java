package io.convstore.connectors.kafka;

import io.convstore.event.DeadLetter;
import io.convstore.event.RawRecord;
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

    /** The dead-letter topic writer. At-least-once: a dead letter may repeat after a failure, never vanish. */
    public static KafkaSink<DeadLetter> deadLetterSink(KafkaSettings settings) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(settings.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new DeadLetterSerializer(settings.deadLetterTopic()))
                .setProperty("compression.type", "zstd")
                .build();
    }
}
