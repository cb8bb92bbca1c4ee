package io.convstore.connectors.lake;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;

/** Creating the job's own lake tables (events, dead letters): namespace first, then the table, once. */
final class LakeTables {
    /** Parquet with zstd, format v2, metadata files pruned. */
    static final Map<String, String> PROPERTIES = Map.of(
            "format-version", "2",
            "write.format.default", "parquet",
            "write.parquet.compression-codec", "zstd",
            "write.metadata.delete-after-commit.enabled", "true",
            "write.metadata.previous-versions-max", "50");

    private LakeTables() {}

    /**
     * Creates the namespace and the table when they do not exist yet, adds the columns of {@code schema} an
     * existing table lacks (appended, as their ids are); returns the table.
     */
    static Table ensure(LakeSettings settings, TableIdentifier id, Schema schema, PartitionSpec spec)
            throws Exception {
        return LakeCatalogs.with(settings, catalog -> {
            Namespace namespace = Namespace.of(settings.namespace());
            if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(namespace)) {
                namespaces.createNamespace(namespace);
            }
            if (catalog.tableExists(id)) {
                Table table = catalog.loadTable(id);
                if (schema.columns().stream().anyMatch(c -> table.schema().findField(c.name()) == null)) {
                    // a newer convstore's columns (only ever added): add them to a table an older one created
                    table.updateSchema().unionByNameWith(schema).commit();
                    table.refresh();
                }
                return table;
            }
            return catalog.createTable(id, schema, spec, PROPERTIES);
        });
    }
}
