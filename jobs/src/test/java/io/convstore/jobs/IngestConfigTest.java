package io.convstore.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convstore.connectors.lake.LakeSettings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

class IngestConfigTest {
    private static Map<String, String> minimal() {
        return new HashMap<>(Map.of(
                "convstore.kafka.bootstrap-servers", "127.0.0.1:9092",
                "convstore.serving.jdbc-url", "jdbc:postgresql://127.0.0.1:5432/convstore",
                "convstore.lake.warehouse", "file:///tmp/lake"));
    }

    @Test
    void appliesDefaultsToAMinimalConfiguration() {
        IngestConfig config = IngestConfig.fromMap(minimal());

        assertThat(config.jobName()).isEqualTo("convstore-ingest");
        assertThat(config.kafka().topic()).isEqualTo("conversation-events");
        assertThat(config.kafka().deadLetterTopic()).isEqualTo("conversation-events.dlq");
        assertThat(config.serving().flushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.lake().catalogType()).isEqualTo(LakeSettings.CatalogType.HADOOP);
        assertThat(config.order().maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.payloads().location()).isEqualTo("file:///tmp/payloads");
        assertThat(config.deadLetterOffloadAbove()).isEqualTo(256 * 1024);
    }

    @Test
    void putsThePayloadStoreBesideTheWarehouseUnlessToldOtherwise() {
        assertThat(IngestConfig.besideWarehouse("s3://lake/warehouse/")).isEqualTo("s3://lake/payloads");
        assertThat(IngestConfig.besideWarehouse("s3://lake/a/b")).isEqualTo("s3://lake/a/payloads");
        assertThat(IngestConfig.besideWarehouse("s3://lake")).isEqualTo("s3://lake/payloads");
        assertThat(IngestConfig.besideWarehouse("/data/lake")).isEqualTo("/data/payloads");
        assertThat(IngestConfig.besideWarehouse("lake")).isEqualTo("lake/payloads");

        Map<String, String> options = new HashMap<>(minimal());
        options.put("convstore.payloads.location", "s3://blobs/convstore");
        options.put("convstore.lake.s3.endpoint", "http://127.0.0.1:9000");
        IngestConfig config = IngestConfig.fromMap(options);
        assertThat(config.payloads().location()).isEqualTo("s3://blobs/convstore");
        assertThat(config.payloads().s3()).containsEntry("s3.endpoint", "http://127.0.0.1:9000");

        options = new HashMap<>(minimal());
        options.put("convstore.lake.enabled", "false");
        assertThat(IngestConfig.fromMap(options).payloads()).isNull();
    }

    @Test
    void parsesCommandLineArguments() {
        IngestConfig config = IngestConfig.fromArgs(new String[] {
            "--convstore.kafka.bootstrap-servers", "k:9092", "--convstore.serving.jdbc-url", "jdbc:postgresql://db/x",
            "--convstore.lake.enabled", "false", "--convstore.order.max-wait", "750ms"});

        assertThat(config.kafka().bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.lake()).isNull();
        assertThat(config.order().maxWait()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void namesAMissingRequiredOption() {
        Map<String, String> options = minimal();
        options.remove("convstore.serving.jdbc-url");

        assertThatThrownBy(() -> IngestConfig.fromMap(options)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing required option 'convstore.serving.jdbc-url': JDBC URL of the PostgreSQL "
                        + "serving store (required).");
    }

    @Test
    void namesAnOptionWithAnUnparsableValue() {
        Map<String, String> options = minimal();
        options.put("convstore.serving.flush-interval", "soon");

        assertThatThrownBy(() -> IngestConfig.fromMap(options))
                .hasMessageStartingWith("option 'convstore.serving.flush-interval' has an invalid value");
    }

    @Test
    void refusesOutOfRangeValues() {
        Map<String, String> options = minimal();
        options.put("convstore.order.max-buffered-events", "0");

        assertThatThrownBy(() -> IngestConfig.fromMap(options))
                .hasMessage("option 'convstore.order.max-buffered-events' must be >= 1, was 0");
    }

    @Test
    void refusesAnS3WarehouseWithoutAJdbcCatalog() {
        Map<String, String> options = minimal();
        options.put("convstore.lake.warehouse", "s3://lake/w");

        assertThatThrownBy(() -> IngestConfig.fromMap(options)).hasMessageContaining("needs 'convstore.lake."
                + "catalog-type: JDBC'");
        options.put("convstore.lake.catalog-type", "JDBC");
        assertThatThrownBy(() -> IngestConfig.fromMap(options))
                .hasMessage("option 'convstore.lake.catalog-uri' is required when 'convstore.lake.catalog-type' is JDBC");
    }

    @Test
    void everyOptionIsDocumentedInOperationsGuide() throws IOException, IllegalAccessException {
        String document = Files.readString(Path.of("..", "docs", "operations.md"));
        String guide = document.substring(document.indexOf("## Options"), document.indexOf("## Metrics"));
        List<String> keys = new java.util.ArrayList<>();
        for (Field field : IngestOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                keys.add(((ConfigOption<?>) field.get(null)).key());
            }
        }
        assertThat(keys).hasSizeGreaterThan(20);
        assertThat(keys).allSatisfy(key -> assertThat(guide).contains("| `" + key + "` |"));
        assertThat(Arrays.stream(guide.split("\n")).filter(l -> l.startsWith("| `convstore.")))
                .hasSize(keys.size());
    }
}
