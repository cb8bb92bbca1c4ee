package io.convstore.connectors.kafka;

import io.convstore.event.RawRecord;
import io.convstore.event.RecordHeaders;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Hands every Kafka record on as it is: parsing happens in the validate stage, where failures become dead letters. */
final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value(), headers(record)));
    }

    /** The record's headers encoded, or null for the usual record without any (no allocation then). */
    private static byte[] headers(ConsumerRecord<byte[], byte[]> record) {
        if (!record.headers().iterator().hasNext()) {
            return null;
        }
        java.util.List<java.util.Map.Entry<String, byte[]>> headers = new java.util.ArrayList<>();
        record.headers().forEach(h -> headers.add(java.util.Map.entry(h.key(), h.value() == null ? new byte[0]
                : h.value())));
        return RecordHeaders.encode(headers);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
