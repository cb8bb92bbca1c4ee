package io.convstore.metadata;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.convstore.event.Event;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The mapping engine of one type: turns an accepted {@link Event} into the values of its lake table's declared
 * columns, in order, following each column's pointer, transform and type. Plain Java values: String, Long,
 * Integer, Double, BigDecimal, Boolean, Instant, LocalDate, List&lt;String&gt;.
 *
 * <p>Total by design: payloads were validated against the schema the columns were checked against, so a value
 * that still does not convert (an integer beyond an int column's range, say) becomes null and is counted in
 * {@link Row#unconvertible()}, rather than failing the job.
 */
public final class LakeRowMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The column values of one event, and how many values could not be converted. */
    public record Row(List<Object> values, int unconvertible) {}

    private final List<LakeColumn> columns;

    public LakeRowMapper(LakeTarget lake) {
        this.columns = lake.columns();
    }

    public Row map(Event event) {
        JsonNode payload = parsePayload(event);
        List<Object> values = new ArrayList<>(columns.size());
        int unconvertible = 0;
        for (LakeColumn column : columns) {
            JsonNode node = resolve(event, payload, column.from());
            Object value;
            try {
                value = node.isMissingNode() || node.isNull() ? null : convert(transform(node, column.transform()),
                        column.type());
            } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
                value = null;
                unconvertible++;
            }
            values.add(value);
        }
        return new Row(values, unconvertible);
    }

    /** The value at {@code pointer} in the event: an envelope field or a node of the parsed payload. */
    static JsonNode resolve(Event event, JsonNode payload, String pointer) {
        return switch (pointer) {
            case "/event_id" -> TextNode.valueOf(event.eventId());
            case "/tenant_id" -> TextNode.valueOf(event.tenantId());
            case "/conversation_id" -> TextNode.valueOf(event.conversationId());
            case "/type" -> TextNode.valueOf(event.type());
            case "/type_version" -> JSON.getNodeFactory().numberNode(event.typeVersion());
            case "/seq" -> JSON.getNodeFactory().numberNode(event.seq());
            case "/occurred_at" -> TextNode.valueOf(Instant.EPOCH.plus(event.occurredAtMicros(), ChronoUnit.MICROS)
                    .toString());
            case "/channel" -> text(event.channel());
            case "/actor/role" -> text(event.actorRole());
            case "/actor/id" -> text(event.actorId());
            default -> payload.at(pointer.substring("/payload".length()));
        };
    }

    static JsonNode parsePayload(Event event) {
        try {
            return JSON.readTree(event.payload());
        } catch (JacksonException e) {
            throw new IllegalStateException("an accepted event always has a JSON object payload", e);
        }
    }

    private static JsonNode text(String value) {
        return value == null ? MissingNode.getInstance() : TextNode.valueOf(value);
    }

    private static JsonNode transform(JsonNode node, Transform transform) {
        return switch (transform.kind()) {
            case NONE -> node;
            case LOWER -> TextNode.valueOf(requireText(node).toLowerCase(Locale.ROOT));
            case LENGTH -> JSON.getNodeFactory().numberNode(node.isArray() ? node.size()
                    : requireText(node).codePointCount(0, requireText(node).length()));
            case SHA256 -> TextNode.valueOf(sha256(requireText(node)));
            case TRUNCATE -> TextNode.valueOf(truncate(requireText(node), transform.argument()));
            case JSON -> TextNode.valueOf(node.toString());
        };
    }

    private static Object convert(JsonNode node, ColumnType type) {
        return switch (type.kind()) {
            case STRING -> requireText(node);
            case LONG -> requireIntegral(node).longValueExact();
            case INT -> requireIntegral(node).intValueExact();
            case DOUBLE -> requireNumber(node).doubleValue();
            case DECIMAL -> requireNumber(node).setScale(type.scale(), RoundingMode.HALF_UP);
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw new IllegalArgumentException("not a boolean");
                }
                yield node.booleanValue();
            }
            case TIMESTAMP -> OffsetDateTime.parse(requireText(node)).toInstant();
            case DATE -> LocalDate.parse(requireText(node));
            case LIST_OF_STRING -> {
                if (!node.isArray()) {
                    throw new IllegalArgumentException("not an array");
                }
                List<String> items = new ArrayList<>(node.size());
                node.forEach(item -> items.add(requireText(item)));
                yield List.copyOf(items);
            }
        };
    }

    private static String requireText(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("not a string");
        }
        return node.textValue();
    }

    private static BigDecimal requireNumber(JsonNode node) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException("not a number");
        }
        return node.decimalValue();
    }

    private static java.math.BigInteger requireIntegral(JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("not an integer");
        }
        return node.bigIntegerValue();
    }

    private static String truncate(String text, int codePoints) {
        if (text.codePointCount(0, text.length()) <= codePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
