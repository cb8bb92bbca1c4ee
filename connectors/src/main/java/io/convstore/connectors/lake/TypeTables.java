package io.convstore.connectors.lake;

import io.convstore.event.Event;
import io.convstore.metadata.ColumnType;
import io.convstore.metadata.LakeColumn;
import io.convstore.metadata.LakeTarget;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import io.convstore.metadata.Registry;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg form of a type's lake table (metadata {@code lake:}): its schema — the envelope columns, then the
 * declared ones — its partition spec, and the conversion of mapped values into a row.
 *
 * <p>Declared columns are optional in Iceberg even when metadata marks them required: metadata enforces presence
 * through the payload schema, and optional columns are what lets a later version add columns to a table that
 * already holds rows.
 */
public final class TypeTables {
    private static final Pattern PARTITION = Pattern.compile(
            "(?:(year|month|day|hour|identity)\\(\\s*(\\w+)\\s*\\))|(?:(bucket|truncate)\\(\\s*(\\d+)\\s*,\\s*(\\w+)\\s*\\))"
                    + "|(\\w+)");

    /** Table properties every type table gets, under whatever its metadata adds. */
    public static final Map<String, String> DEFAULT_PROPERTIES = LakeTables.PROPERTIES;

    private TypeTables() {}

    public static TableIdentifier identifier(String namespace, LakeTarget lake) {
        return TableIdentifier.of(Namespace.of(namespace), lake.table());
    }

    public static Schema schema(LakeTarget lake) {
        List<Types.NestedField> fields = new ArrayList<>(EnvelopeColumns.FIELDS);
        int id = 100;
        for (LakeColumn column : lake.columns()) {
            Type type = icebergType(column.type(), id + 1000);
            fields.add(Types.NestedField.optional(id++, column.name(), type));
        }
        return new Schema(fields);
    }

    /** The spec for {@code lake.partition()}; expressions were checked by the metadata loader. */
    public static PartitionSpec spec(Schema schema, LakeTarget lake) {
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        for (String expression : lake.partition()) {
            Matcher m = PARTITION.matcher(expression.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a partition expression: " + expression);
            }
            if (m.group(1) != null) {
                switch (m.group(1)) {
                    case "year" -> spec.year(m.group(2));
                    case "month" -> spec.month(m.group(2));
                    case "day" -> spec.day(m.group(2));
                    case "hour" -> spec.hour(m.group(2));
                    default -> spec.identity(m.group(2));
                }
            } else if (m.group(3) != null) {
                int n = Integer.parseInt(m.group(4));
                if ("bucket".equals(m.group(3))) {
                    spec.bucket(m.group(5), n);
                } else {
                    spec.truncate(m.group(5), n);
                }
            } else {
                spec.identity(m.group(6));
            }
        }
        return spec.build();
    }

    /**
     * Brings the type tables in line with the metadata under {@code mode} (see {@link LakePlan}): creates missing
     * tables with their {@code main} branch — the Dynamic Sink could create them lazily, but its subtasks then race
     * to create the branch of a new, empty table ("Ref main already exists") — adds columns, widens types.
     * Returns the plan that was applied.
     */
    public static LakePlan ensure(LakeSettings settings, Registry registry, LakePlan.SchemaChangeMode mode)
            throws Exception {
        return LakeCatalogs.with(settings, catalog -> {
            LakePlan plan = LakePlan.of(catalog, settings.namespace(), registry);
            plan.apply(catalog, settings.namespace(), registry, mode);
            return plan;
        });
    }

    /** Properties of a new table: the defaults, overridden by the metadata's own. */
    public static Map<String, String> properties(LakeTarget lake) {
        Map<String, String> properties = new HashMap<>(DEFAULT_PROPERTIES);
        properties.putAll(lake.properties());
        return properties;
    }

    /** The row for {@code event}: envelope columns, then {@code values} of the declared columns in order. */
    public static RowData row(Event event, List<Object> values, LakeTarget lake) {
        GenericRowData row = new GenericRowData(EnvelopeColumns.COUNT + values.size());
        EnvelopeColumns.fill(row, event);
        for (int i = 0; i < values.size(); i++) {
            row.setField(EnvelopeColumns.COUNT + i, internal(values.get(i), lake.columns().get(i).type()));
        }
        return row;
    }

    private static Object internal(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case STRING -> StringData.fromString((String) value);
            case LONG, INT, DOUBLE, BOOLEAN -> value;
            case DECIMAL -> DecimalData.fromBigDecimal((BigDecimal) value, type.precision(), type.scale());
            case TIMESTAMP -> TimestampData.fromInstant((Instant) value);
            case DATE -> (int) ((LocalDate) value).toEpochDay();
            case LIST_OF_STRING -> new GenericArrayData(((List<?>) value).stream()
                    .map(s -> StringData.fromString((String) s)).toArray());
        };
    }

    private static Type icebergType(ColumnType type, int elementId) {
        return switch (type.kind()) {
            case STRING -> Types.StringType.get();
            case LONG -> Types.LongType.get();
            case INT -> Types.IntegerType.get();
            case DOUBLE -> Types.DoubleType.get();
            case BOOLEAN -> Types.BooleanType.get();
            case TIMESTAMP -> Types.TimestampType.withZone();
            case DATE -> Types.DateType.get();
            case DECIMAL -> Types.DecimalType.of(type.precision(), type.scale());
            case LIST_OF_STRING -> Types.ListType.ofOptional(elementId, Types.StringType.get());
        };
    }
}
