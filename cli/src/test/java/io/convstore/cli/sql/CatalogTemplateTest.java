package io.convstore.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convstore.cli.cluster.FlinkDistribution;
import io.convstore.connectors.lake.LakeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.DistributionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped catalog definitions, filled from lake settings, and statement splitting of SQL scripts. */
class CatalogTemplateTest {
    private static final Path HOME = FlinkDistribution.home();

    @Test
    void fillsTheS3CatalogAndDropsWhatAwsDoesNotNeed() throws IOException {
        LakeSettings aws = new LakeSettings(LakeSettings.CatalogType.JDBC, "s3://lake/warehouse",
                "jdbc:postgresql://db:5432/convstore", "convstore", "it's", null, null, null, "eu-west-1", false,
                "convstore", 16, DistributionMode.NONE);
        assertThat(CatalogTemplate.render(CatalogTemplate.fileFor(HOME, aws), CatalogTemplate.values(aws)))
                .isEqualTo("""
                        CREATE CATALOG convstore WITH (
                          'type' = 'iceberg',
                          'catalog-impl' = 'org.apache.iceberg.jdbc.JdbcCatalog',
                          'uri' = 'jdbc:postgresql://db:5432/convstore',
                          'jdbc.user' = 'convstore',
                          'jdbc.password' = 'it''s',
                          'jdbc.schema-version' = 'V1',
                          'warehouse' = 's3://lake/warehouse',
                          'io-impl' = 'org.apache.iceberg.aws.s3.S3FileIO',
                          's3.path-style-access' = 'false',
                          'client.region' = 'eu-west-1'
                        )""");
    }

    @Test
    void fillsTheDirectoryCatalog() throws IOException {
        LakeSettings local = new LakeSettings(LakeSettings.CatalogType.HADOOP, "file:///var/lake", null, null, null,
                null, null, null, "us-east-1", true, "convstore", 16, DistributionMode.NONE);
        assertThat(CatalogTemplate.render(CatalogTemplate.fileFor(HOME, local), CatalogTemplate.values(local)))
                .isEqualTo("""
                        CREATE CATALOG convstore WITH (
                          'type' = 'iceberg',
                          'catalog-type' = 'hadoop',
                          'warehouse' = 'file:///var/lake'
                        )""");
    }

    @Test
    void anUnknownPlaceholderNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.sql");
        Files.writeString(file, "CREATE CATALOG c WITH (\n  'a' = '${nope}'\n)\n");
        assertThatThrownBy(() -> CatalogTemplate.render(file, Map.of("warehouse", "w")))
                .hasMessage(file + ":2: unknown placeholder ${nope}; known: [warehouse]");
    }

    @Test
    void splitsScriptsAtSemicolonsOutsideQuotesAndComments() {
        assertThat(LakeSql.statements("-- a comment; not a statement\nSELECT 'a;b' FROM t;\n\n SELECT 2 ;;"))
                .containsExactly("SELECT 'a;b' FROM t", "SELECT 2");
    }
}
