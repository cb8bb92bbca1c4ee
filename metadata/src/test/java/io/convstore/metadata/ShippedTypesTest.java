package io.convstore.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.metadata.ColumnType.Kind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The types convstore ships load cleanly and mean what their files say. */
class ShippedTypesTest {
    static final Path SHIPPED = Path.of("").toAbsolutePath().resolve("types").getParent();

    @Test
    void loadsEveryShippedType() throws MetadataException {
        Registry registry = RegistryLoader.load(SHIPPED);

        assertThat(registry.types()).containsExactly("ai.response", "chat.message", "conversation.status",
                "email.message", "voice.transcript");
        assertThat(registry.definitions()).allSatisfy(d -> assertThat(d.version()).isEqualTo(1));
    }

    @Test
    void chatMessageIsTheModelItsFileDescribes() throws MetadataException {
        TypeDefinition chat = RegistryLoader.load(SHIPPED).find("chat.message", 1).orElseThrow();

        Map<String, String> context = new LinkedHashMap<>();
        context.put("tenant", "/tenant_id");
        context.put("conversation", "/conversation_id");
        context.put("role", "/actor/role");
        context.put("text", "/payload/text");
        assertThat(new TypeDefinition(chat.type(), chat.version(), chat.description(), chat.source(), chat.schema(),
                chat.lake(), chat.serving(), chat.kafka())).isEqualTo(new TypeDefinition(
                "chat.message", 1, "A chat line from a customer, an agent or a bot, with optional attachments.",
                SHIPPED.resolve("types/chat.message.yaml").toString(), chat.schema(),
                new LakeTarget("chat_messages", List.of(
                        new LakeColumn("text", "/payload/text", ColumnType.of(Kind.STRING), Transform.NONE, true),
                        new LakeColumn("text_length", "/payload/text", ColumnType.of(Kind.INT),
                                new Transform(Transform.Kind.LENGTH, 0), false),
                        new LakeColumn("lang", "/payload/lang", ColumnType.of(Kind.STRING),
                                new Transform(Transform.Kind.LOWER, 0), false),
                        new LakeColumn("in_reply_to", "/payload/in_reply_to", ColumnType.of(Kind.STRING),
                                Transform.NONE, false),
                        new LakeColumn("attachment_count", "/payload/attachments", ColumnType.of(Kind.INT),
                                new Transform(Transform.Kind.LENGTH, 0), false),
                        new LakeColumn("sentiment", "/payload/sentiment", ColumnType.of(Kind.DOUBLE),
                                Transform.NONE, false)),
                        List.of("day(occurred_at)", "bucket(4, tenant_id)"), Map.of()),
                new ServingProjection("/payload/text", 200, Map.of(), List.of(), 4096, 262_144),
                List.of(new KafkaTarget("agent-assist.context", context))));
        assertThat(chat.schema()).contains("\"required\":[\"text\"]");
    }

    @Test
    void readsDecimalsSizesAndCustomPartitions() throws MetadataException {
        Registry registry = RegistryLoader.load(SHIPPED);
        TypeDefinition ai = registry.find("ai.response", 1).orElseThrow();
        TypeDefinition email = registry.find("email.message", 1).orElseThrow();

        assertThat(ai.lake().columns()).filteredOn(c -> c.name().equals("cost_usd"))
                .extracting(LakeColumn::type).containsExactly(new ColumnType(Kind.DECIMAL, 12, 6));
        assertThat(ai.lake().partition()).containsExactly("day(occurred_at)", "model");
        assertThat(ai.serving().attributes()).isEqualTo(Map.of("model", "/payload/model",
                "latency_ms", "/payload/latency_ms"));
        assertThat(email.serving().drop()).containsExactly("/payload/body_html");
        assertThat(email.serving().compressAboveBytes()).isEqualTo(4096);
        assertThat(email.lake().columns()).filteredOn(c -> c.name().equals("recipients"))
                .extracting(LakeColumn::type).containsExactly(ColumnType.of(Kind.LIST_OF_STRING));
    }
}
