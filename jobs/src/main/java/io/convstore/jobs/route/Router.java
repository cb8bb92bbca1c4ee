package io.convstore.jobs.route;

import io.convstore.event.Event;
import io.convstore.event.LakeRow;
import io.convstore.event.ServingRow;
import io.convstore.event.TargetRecord;
import io.convstore.jobs.reload.MetadataBroadcast;
import io.convstore.jobs.reload.MetadataInForce;
import io.convstore.metadata.KafkaTarget;
import io.convstore.metadata.KafkaTargetMapper;
import io.convstore.metadata.LakeTargets;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryVersion;
import io.convstore.metadata.ServingProjection;
import io.convstore.metadata.ServingProjector;
import io.convstore.metadata.TypeDefinition;
import io.convstore.metadata.TypeDefinition.TypeKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * route: sends each ordered event where its type's metadata says, with the metadata version in force (it changes
 * by broadcast while the job runs): the serving row (main output, projected), the type's own lake table
 * ({@link #LAKE_ROWS}) and one reshaped record per extra Kafka target ({@link #KAFKA_TARGETS}).
 */
public final class Router extends BroadcastProcessFunction<Event, RegistryVersion, ServingRow> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<LakeRow> LAKE_ROWS = new OutputTag<>("route-lake-rows") {};
    public static final OutputTag<TargetRecord> KAFKA_TARGETS = new OutputTag<>("route-kafka-targets") {};

    private final RegistryVersion initial;
    private transient MetadataInForce<Routes> routes;

    /** A metadata version compiled for routing: the registry, and each type table's definition as bytes. */
    private record Routes(Registry registry, Map<TypeKey, byte[]> lakeTargets) {
        static Routes of(RegistryVersion version) {
            Registry registry = version.toRegistry();
            Map<TypeKey, byte[]> lakeTargets = new HashMap<>();
            for (TypeDefinition definition : registry.definitions()) {
                if (definition.lake() != null) {
                    lakeTargets.put(definition.key(), LakeTargets.toBytes(definition.lake()));
                }
            }
            return new Routes(registry, lakeTargets);
        }
    }

    public Router(RegistryVersion initial) {
        this.initial = initial;
    }

    @Override
    public void open(OpenContext openContext) {
        routes = new MetadataInForce<>(initial, Routes::of);
    }

    @Override
    public void processElement(Event event, ReadOnlyContext ctx, Collector<ServingRow> out) throws Exception {
        Routes current = routes.get(ctx.getBroadcastState(MetadataBroadcast.STATE));
        Optional<TypeDefinition> definition = current.registry().find(event.type(), event.typeVersion());
        ServingProjection serving = definition.map(TypeDefinition::serving).orElse(ServingProjection.defaults());
        ServingProjector.Projection projected = ServingProjector.project(event, serving);
        out.collect(ServingRow.of(event, projected.preview(), projected.attributes(), projected.payload(),
                serving.compressAboveBytes(), serving.offloadAboveBytes()));
        if (definition.isEmpty()) {
            return; // a type retired by a newer metadata version after this event was validated
        }
        byte[] lake = current.lakeTargets().get(definition.get().key());
        if (lake != null) {
            ctx.output(LAKE_ROWS, new LakeRow(event, lake));
        }
        if (!definition.get().kafka().isEmpty()) {
            byte[] key = event.conversationKey().getBytes(StandardCharsets.UTF_8);
            for (KafkaTarget target : definition.get().kafka()) {
                ctx.output(KAFKA_TARGETS, new TargetRecord(target.topic(), key, KafkaTargetMapper.reshape(event,
                        target), event.eventId()));
            }
        }
    }

    @Override
    public void processBroadcastElement(RegistryVersion version, Context ctx, Collector<ServingRow> out)
            throws Exception {
        routes.update(ctx.getBroadcastState(MetadataBroadcast.STATE), version);
    }
}
