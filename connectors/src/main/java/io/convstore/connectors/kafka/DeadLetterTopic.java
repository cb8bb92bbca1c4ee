package io.convstore.connectors.kafka;

import io.convstore.event.DeadLetter;
import io.convstore.event.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the dead-letter topic back into {@link DeadLetter}s (original key and value, reason and provenance from
 * the headers {@link DeadLetterSerializer} wrote): for listing, replaying and auditing. Reads what the topic holds
 * when the call starts, from the beginning, without a consumer group.
 */
public final class DeadLetterTopic {
    /** One dead letter and where it sits in the dead-letter topic. */
    public record Stored(DeadLetter letter, int partition, long offset) {}

    private DeadLetterTopic() {}

    public static List<Stored> read(String bootstrapServers, String topic, Predicate<DeadLetter> filter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(32 * 1024 * 1024));
        List<Stored> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(topic, record.partition()))) {
                        continue;
                    }
                    DeadLetter letter = decode(record);
                    if (filter.test(letter)) {
                        letters.add(new Stored(letter, record.partition(), record.offset()));
                    }
                }
            }
        }
        return letters;
    }

    static DeadLetter decode(ConsumerRecord<byte[], byte[]> record) {
        String ref = header(record, DeadLetterHeaders.VALUE_REF);
        String sha256 = header(record, DeadLetterHeaders.VALUE_SHA256);
        long valueBytes = ref != null ? parseLong(header(record, DeadLetterHeaders.VALUE_BYTES))
                : record.value() == null ? 0 : record.value().length;
        return new DeadLetter(record.key(), ref != null ? null : record.value(),
                header(record, DeadLetterHeaders.SOURCE_TOPIC),
                parseInt(header(record, DeadLetterHeaders.SOURCE_PARTITION)),
                parseLong(header(record, DeadLetterHeaders.SOURCE_OFFSET)), header(record, DeadLetterHeaders.REASON),
                header(record, DeadLetterHeaders.MESSAGE), header(record, DeadLetterHeaders.TENANT),
                header(record, DeadLetterHeaders.CONVERSATION), header(record, DeadLetterHeaders.EVENT),
                record.headers().lastHeader(DeadLetterHeaders.REFUSED_AT) == null ? record.timestamp()
                        : parseLong(header(record, DeadLetterHeaders.REFUSED_AT)),
                RecordHeaders.encode(originalHeaders(record)), header(record, DeadLetterHeaders.METADATA_VERSION),
                header(record, DeadLetterHeaders.JOB_VERSION), valueBytes, ref,
                sha256 == null ? null : HexFormat.of().parseHex(sha256));
    }

    /** The headers the refused record came with (every header that is not convstore's own). */
    private static List<Map.Entry<String, byte[]>> originalHeaders(ConsumerRecord<byte[], byte[]> record) {
        List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(Map.entry(header.key(), header.value() == null ? new byte[0] : header.value()));
            }
        }
        return headers;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int parseInt(String text) {
        return text == null ? -1 : Integer.parseInt(text);
    }

    private static long parseLong(String text) {
        return text == null ? -1 : Long.parseLong(text);
    }
}
