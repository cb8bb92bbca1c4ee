package io.convstore.connectors.kafka;

import io.convstore.event.Envelope;
import io.convstore.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A curated record: key {@code tenant/conversation}, value the v1 envelope with {@code seq} set to the place the
 * order stage gave the event; headers {@code convstore.event_id}, {@code convstore.seq}, and where they apply
 * {@code convstore.gap_before} (seqs given up right before this one) and {@code convstore.late_fill}.
 */
final class CuratedSerializer implements KafkaRecordSerializationSchema<Event> {
    private static final long serialVersionUID = 1L;

    static final String SEQ = "convstore.seq";
    static final String GAP_BEFORE = "convstore.gap_before";
    static final String LATE_FILL = "convstore.late_fill";

    private final String topic;

    CuratedSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Event event, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = new ArrayList<>(4);
        headers.add(header(DeadLetterHeaders.EVENT, event.eventId()));
        headers.add(header(SEQ, Long.toString(event.seq())));
        if (event.gapBefore() > 0) {
            headers.add(header(GAP_BEFORE, Long.toString(event.gapBefore())));
        }
        if (event.lateFill()) {
            headers.add(header(LATE_FILL, "true"));
        }
        return new ProducerRecord<>(topic, null, event.kafkaTimestampMillis(),
                event.conversationKey().getBytes(StandardCharsets.UTF_8),
                Envelope.placedJsonBytes(event), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
