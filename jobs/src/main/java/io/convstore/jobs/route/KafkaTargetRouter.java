package io.convstore.jobs.route;

import io.convstore.event.Event;
import io.convstore.event.TargetRecord;
import io.convstore.metadata.KafkaTarget;
import io.convstore.metadata.KafkaTargetMapper;
import io.convstore.metadata.Registry;
import io.convstore.metadata.TypeDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** route: one reshaped record per extra Kafka target that the event's type declares (metadata {@code kafka:}). */
public final class KafkaTargetRouter implements FlatMapFunction<Event, TargetRecord> {
    private static final long serialVersionUID = 1L;

    private final Registry registry;

    public KafkaTargetRouter(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void flatMap(Event event, Collector<TargetRecord> out) {
        List<KafkaTarget> targets = registry.find(event.type(), event.typeVersion()).map(TypeDefinition::kafka)
                .orElse(List.of());
        if (targets.isEmpty()) {
            return;
        }
        byte[] key = event.conversationKey().getBytes(StandardCharsets.UTF_8);
        for (KafkaTarget target : targets) {
            out.collect(new TargetRecord(target.topic(), key, KafkaTargetMapper.reshape(event, target),
                    event.eventId()));
        }
    }
}
