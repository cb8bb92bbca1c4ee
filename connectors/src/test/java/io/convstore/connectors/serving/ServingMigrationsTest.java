package io.convstore.connectors.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServingMigrationsTest {

    @Test
    void shipsTheListedMigrationsInVersionOrder() {
        List<String> names = ServingMigrations.migrationNames();

        assertThat(names).containsExactly("V1__conversations_and_events.sql", "V2__serving_projection.sql",
                "V3__kafka_timestamp.sql", "V4__compressed_payloads.sql", "V5__ingest_duplicates.sql",
                "V6__offloaded_payloads.sql", "V7__conversation_sessions.sql", "V8__api.sql");
        assertThat(names.stream().map(ServingMigrations::versionOf)).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void refusesAMigrationNameWithoutAVersion() {
        assertThatThrownBy(() -> ServingMigrations.versionOf("conversations.sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sql/serving/migrations.list: 'conversations.sql' is not a migration name of the form "
                        + "V<n>__<words>.sql");
    }
}
