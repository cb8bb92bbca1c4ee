package io.convstore.connectors.lake;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/** Builds the Iceberg catalog described by {@link LakeSettings}; used by the job, the CLI and tests alike. */
public final class LakeCatalogs {
    static final String CATALOG_NAME = "convstore";

    private LakeCatalogs() {}

    public static CatalogLoader loader(LakeSettings settings) {
        Map<String, String> props = settings.catalogProperties();
        return switch (settings.catalogType()) {
            case HADOOP -> CatalogLoader.hadoop(CATALOG_NAME, new Configuration(), props);
            case JDBC -> CatalogLoader.custom(CATALOG_NAME, props, new Configuration(),
                    "org.apache.iceberg.jdbc.JdbcCatalog");
        };
    }

    /** What a piece of work does with an open catalog. */
    @FunctionalInterface
    public interface CatalogWork<T> {
        T apply(Catalog catalog) throws Exception;
    }

    /** Opens the catalog, does {@code work} with it and closes it (JDBC catalogs hold connections). */
    public static <T> T with(LakeSettings settings, CatalogWork<T> work) throws Exception {
        Catalog catalog = loader(settings).loadCatalog();
        try {
            return work.apply(catalog);
        } finally {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
