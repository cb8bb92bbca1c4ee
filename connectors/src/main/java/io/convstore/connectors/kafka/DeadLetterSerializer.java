package io.convstore.connectors.kafka;

import static io.convstore.connectors.kafka.DeadLetterHeaders.*;

import io.convstore.event.DeadLetter;
import io.convstore.event.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter as the original key and value bytes, with the reason and provenance in headers, so the
 * record can be replayed to the input topic unchanged; an offloaded value is an empty value and the claim check
 * in headers.
 */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = new ArrayList<>();
        add(headers, REASON, letter.reason());
        add(headers, MESSAGE, letter.message());
        add(headers, SOURCE_TOPIC, letter.sourceTopic());
        add(headers, SOURCE_PARTITION, Integer.toString(letter.sourcePartition()));
        add(headers, SOURCE_OFFSET, Long.toString(letter.sourceOffset()));
        add(headers, TENANT, letter.tenantId());
        add(headers, CONVERSATION, letter.conversationId());
        add(headers, EVENT, letter.eventId());
        add(headers, REFUSED_AT, Long.toString(letter.refusedAtMillis()));
        add(headers, METADATA_VERSION, letter.metadataVersion());
        add(headers, JOB_VERSION, letter.jobVersion());
        if (letter.valueRef() != null) {
            add(headers, VALUE_BYTES, Long.toString(letter.valueBytes()));
            add(headers, VALUE_REF, letter.valueRef());
            add(headers, VALUE_SHA256, HexFormat.of().formatHex(letter.valueSha256()));
        }
        // the original record's own headers, unchanged, so a replay sends them again
        for (var original : RecordHeaders.decode(letter.headers())) {
            if (!original.getKey().startsWith(PREFIX)) {
                headers.add(new RecordHeader(original.getKey(), original.getValue()));
            }
        }
        return new ProducerRecord<>(topic, null, null, letter.key(), letter.value(), headers);
    }

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
