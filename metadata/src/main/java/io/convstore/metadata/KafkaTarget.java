package io.convstore.metadata;

import java.io.Serializable;
import java.util.Map;

/**
 * An extra Kafka topic that receives a reshaped record per event, e.g. the compact context an agent-assist model
 * reads. {@code fields} maps each output field name to a JSON pointer into the event, in order.
 */
public record KafkaTarget(String topic, Map<String, String> fields) implements Serializable {}
