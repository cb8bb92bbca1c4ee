package io.convstore.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.event.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingProjectorTest {
    private static Event event(String payload) {
        return new Event("e-1", "acme", "c-1", "email.message", 1, null, 0L, "email", "customer", "u-1", payload, 0,
                0L, 0L, 1L, 0L, false, 1L);
    }

    @Test
    void projectsPreviewAttributesAndDropsFields() {
        ServingProjection projection = new ServingProjection("/payload/subject", 5,
                Map.of("lang", "/payload/meta/lang", "absent", "/payload/nope"), List.of("/payload/body_html"), 4096,
                262_144);

        ServingProjector.Projection result = ServingProjector.project(event(
                "{\"subject\":\"Größe ✓ Invoice\",\"body_html\":\"<p>x</p>\",\"meta\":{\"lang\":\"de\"}}"), projection);

        assertThat(result).isEqualTo(new ServingProjector.Projection("Größe", "{\"lang\":\"de\"}",
                "{\"subject\":\"Größe ✓ Invoice\",\"meta\":{\"lang\":\"de\"}}"));
    }

    @Test
    void leavesThePayloadAloneWithoutAProjection() {
        String payload = "{\"subject\":\"s\", \"body_html\":\"b\"}";

        assertThat(ServingProjector.project(event(payload), ServingProjection.defaults()))
                .isEqualTo(new ServingProjector.Projection(null, null, payload));
    }
}
