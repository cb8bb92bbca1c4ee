package io.convstore.connectors.lake;

import io.convstore.metadata.LakeTarget;
import io.convstore.metadata.Registry;
import io.convstore.metadata.TypeDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * What applying the metadata would do to the lake's type tables, like {@code terraform plan}: tables to create,
 * columns to add, types to widen, and changes refused with the reason. {@link #apply} carries out the allowed
 * changes under a {@link SchemaChangeMode}.
 */
public final class LakePlan {

    /** One planned change of one table. */
    public record Change(Kind kind, String table, String column, String detail) {
        @Override
        public String toString() {
            return switch (kind) {
                case CREATE_TABLE -> "+ create table " + table + " " + detail;
                case ADD_COLUMN -> "+ add column   " + table + "." + column + " " + detail;
                case WIDEN_TYPE -> "~ widen        " + table + "." + column + " " + detail;
                case REFUSED -> "! refused      " + table + "." + column + ": " + detail;
            };
        }
    }

    public enum Kind { CREATE_TABLE, ADD_COLUMN, WIDEN_TYPE, REFUSED }

    /** How the job treats a difference between the metadata and an existing table. */
    public enum SchemaChangeMode {
        /** Create tables, add columns and widen types; refuse to start on an incompatible change. (default) */
        EVOLVE,
        /** Like EVOLVE, but start anyway: columns whose change is refused are not written. */
        LENIENT,
        /** Create missing tables only; refuse to start when an existing table would have to change. */
        EXCEPTION
    }

    /** Thrown when the schema-change mode does not allow what the plan needs. */
    public static final class RefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private final List<Change> changes;

    private LakePlan(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    public List<Change> changes() {
        return changes;
    }

    public List<Change> refused() {
        return changes.stream().filter(c -> c.kind() == Kind.REFUSED).toList();
    }

    /** Table name to the columns that must not be written (refused changes), for LENIENT mode. */
    public Map<String, Set<String>> refusedColumns() {
        return refused().stream().collect(Collectors.groupingBy(Change::table,
                Collectors.mapping(Change::column, Collectors.toSet())));
    }

    /** Compares the latest version of each type's lake table with the catalog. */
    public static LakePlan of(Catalog catalog, String namespace, Registry registry) {
        List<Change> changes = new ArrayList<>();
        for (LakeTarget lake : latestTargets(registry).values()) {
            TableIdentifier id = TypeTables.identifier(namespace, lake);
            Schema wanted = TypeTables.schema(lake);
            if (!catalog.tableExists(id)) {
                changes.add(new Change(Kind.CREATE_TABLE, lake.table(), null, "(" + wanted.columns().stream()
                        .map(f -> f.name() + " " + f.type()).collect(Collectors.joining(", ")) + ") partitioned by "
                        + lake.partition()));
                continue;
            }
            Schema current = catalog.loadTable(id).schema();
            for (Types.NestedField field : wanted.columns()) {
                Types.NestedField existing = current.findField(field.name());
                if (existing == null) {
                    changes.add(new Change(Kind.ADD_COLUMN, lake.table(), field.name(), field.type().toString()));
                } else if (!sameType(existing.type(), field.type())) {
                    if (field.type().isPrimitiveType() && existing.type().isPrimitiveType()
                            && TypeUtil.isPromotionAllowed(existing.type(), field.type().asPrimitiveType())) {
                        changes.add(new Change(Kind.WIDEN_TYPE, lake.table(), field.name(),
                                existing.type() + " -> " + field.type()));
                    } else {
                        changes.add(new Change(Kind.REFUSED, lake.table(), field.name(), "the table has "
                                + existing.type() + ", the metadata says " + field.type() + "; a column type can "
                                + "only widen (int -> long, float -> double, decimal precision up). Add a new "
                                + "column instead"));
                    }
                }
            }
        }
        return new LakePlan(changes);
    }

    /**
     * Carries out the plan: creates tables (with their {@code main} branch), adds columns and widens types —
     * unless {@code mode} refuses. Throws when the mode does not allow what the plan needs.
     */
    public void apply(Catalog catalog, String namespace, Registry registry, SchemaChangeMode mode) {
        List<Change> blocking = mode == SchemaChangeMode.EXCEPTION
                ? changes.stream().filter(c -> c.kind() != Kind.CREATE_TABLE).toList()
                : mode == SchemaChangeMode.EVOLVE ? refused() : List.of();
        if (!blocking.isEmpty()) {
            throw new RefusedException("the lake tables do not match the metadata and schema-change mode "
                    + mode + " does not allow it:\n  " + blocking.stream().map(Change::toString)
                    .collect(Collectors.joining("\n  ")));
        }
        Map<String, LakeTarget> targets = latestTargets(registry);
        for (LakeTarget lake : targets.values()) {
            TableIdentifier id = TypeTables.identifier(namespace, lake);
            Table table;
            if (catalog.tableExists(id)) {
                table = catalog.loadTable(id);
                List<Change> own = changes.stream().filter(c -> c.table().equals(lake.table())
                        && (c.kind() == Kind.ADD_COLUMN || c.kind() == Kind.WIDEN_TYPE)).toList();
                if (!own.isEmpty()) {
                    Schema wanted = TypeTables.schema(lake);
                    UpdateSchema update = table.updateSchema();
                    for (Change change : own) {
                        Type type = wanted.findField(change.column()).type();
                        if (change.kind() == Kind.ADD_COLUMN) {
                            update.addColumn(change.column(), type);
                        } else {
                            update.updateColumn(change.column(), type.asPrimitiveType());
                        }
                    }
                    update.commit();
                }
            } else {
                Schema schema = TypeTables.schema(lake);
                table = catalog.createTable(id, schema, TypeTables.spec(schema, lake), TypeTables.properties(lake));
            }
            if (!table.refs().containsKey(org.apache.iceberg.SnapshotRef.MAIN_BRANCH)) {
                table.manageSnapshots().createBranch(org.apache.iceberg.SnapshotRef.MAIN_BRANCH).commit();
            }
        }
    }

    /** Type equality that ignores the field ids of nested types (the catalog assigns its own). */
    static boolean sameType(Type a, Type b) {
        if (a.isPrimitiveType() || b.isPrimitiveType()) {
            return a.equals(b);
        }
        if (a.isListType() && b.isListType()) {
            return a.asListType().isElementOptional() == b.asListType().isElementOptional()
                    && sameType(a.asListType().elementType(), b.asListType().elementType());
        }
        return false;
    }

    /** For each table, the lake section of the newest version of its type (versions of a type share a table). */
    static Map<String, LakeTarget> latestTargets(Registry registry) {
        Map<String, LakeTarget> latest = new LinkedHashMap<>();
        for (TypeDefinition definition : registry.definitions()) { // sorted by type, then version
            if (definition.lake() != null) {
                latest.put(definition.lake().table(), definition.lake());
            }
        }
        return latest;
    }
}
