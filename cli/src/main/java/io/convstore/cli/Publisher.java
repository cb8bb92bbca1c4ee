package io.convstore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes keyed records to a topic with full acknowledgement and idempotence (no producer-side duplicates). */
final class Publisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    Publisher(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 * 1024 * 1024));
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    Future<RecordMetadata> send(byte[] key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends with headers ({@link io.convstore.event.RecordHeaders} encoding, or null). */
    Future<RecordMetadata> send(byte[] key, byte[] value, byte[] headers) {
        List<Header> list = new ArrayList<>();
        io.convstore.event.RecordHeaders.decode(headers).forEach(h -> list.add(new RecordHeader(h.getKey(),
                h.getValue())));
        return producer.send(new ProducerRecord<>(topic, null, key, value, list));
    }

    /** Sends and waits for the broker's acknowledgement. */
    RecordMetadata sendAndWait(byte[] key, byte[] value) throws ExecutionException, InterruptedException {
        return send(key, value).get();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
