package io.convstore.jobs.route;

import io.convstore.event.Event;
import io.convstore.event.ServingRow;
import io.convstore.metadata.Registry;
import io.convstore.metadata.ServingProjection;
import io.convstore.metadata.ServingProjector;
import io.convstore.metadata.TypeDefinition;
import org.apache.flink.api.common.functions.MapFunction;

/** route: projects each event for the serving store as its type's metadata says (preview, attributes, drop). */
public final class ServingRouter implements MapFunction<Event, ServingRow> {
    private static final long serialVersionUID = 1L;

    private final Registry registry;

    public ServingRouter(Registry registry) {
        this.registry = registry;
    }

    @Override
    public ServingRow map(Event event) {
        ServingProjection projection = registry.find(event.type(), event.typeVersion())
                .map(TypeDefinition::serving).orElse(ServingProjection.defaults());
        ServingProjector.Projection projected = ServingProjector.project(event, projection);
        return new ServingRow(event, projected.preview(), projected.attributes(), projected.payload());
    }
}
