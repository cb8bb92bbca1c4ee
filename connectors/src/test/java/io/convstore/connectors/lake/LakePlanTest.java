package io.convstore.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convstore.connectors.lake.LakePlan.Change;
import io.convstore.connectors.lake.LakePlan.Kind;
import io.convstore.connectors.lake.LakePlan.SchemaChangeMode;
import io.convstore.metadata.ColumnType;
import io.convstore.metadata.LakeColumn;
import io.convstore.metadata.LakeTarget;
import io.convstore.metadata.Registry;
import io.convstore.metadata.ServingProjection;
import io.convstore.metadata.Transform;
import io.convstore.metadata.TypeDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planning and applying metadata changes to type tables, on a real Iceberg catalog in a local warehouse. */
class LakePlanTest {
    @TempDir
    Path warehouse;

    private LakeSettings settings;

    @BeforeEach
    void catalog() throws Exception {
        settings = new LakeSettings(LakeSettings.CatalogType.HADOOP, warehouse.toUri().toString(), null, null, null,
                null, null, null, "us-east-1", true, "convstore", 4, DistributionMode.HASH);
        EventsTable.ensure(settings); // creates the namespace
    }

    private static LakeColumn column(String name, ColumnType.Kind kind) {
        return new LakeColumn(name, "/payload/" + name, ColumnType.of(kind), Transform.NONE, false);
    }

    private static Registry survey(int version, LakeColumn... columns) {
        List<TypeDefinition> versions = new ArrayList<>();
        for (int v = 1; v <= version; v++) {
            versions.add(new TypeDefinition("survey.response", v, "survey", "test", "{\"type\":\"object\"}",
                    new LakeTarget("survey_responses", v == version ? List.of(columns) : List.of(), List.of(
                            "day(occurred_at)"), Map.of()), ServingProjection.defaults(), List.of()));
        }
        return Registry.of(versions);
    }

    private LakePlan plan(Registry registry) throws Exception {
        return LakeCatalogs.with(settings, catalog -> LakePlan.of(catalog, "convstore", registry));
    }

    private Table table() throws Exception {
        return LakeCatalogs.with(settings, catalog -> catalog.loadTable(TableIdentifier.of("convstore",
                "survey_responses")));
    }

    @Test
    void createsAMissingTableWithItsMainBranch() throws Exception {
        Registry v1 = survey(1, column("score", ColumnType.Kind.INT));
        assertThat(plan(v1).changes()).extracting(Change::kind, Change::table)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.CREATE_TABLE, "survey_responses"));

        TypeTables.ensure(settings, v1, SchemaChangeMode.EVOLVE);

        assertThat(table().schema().findField("score").type()).isEqualTo(Types.IntegerType.get());
        assertThat(table().refs()).containsKey("main");
        assertThat(plan(v1).changes()).isEmpty();
    }

    @Test
    void addsColumnsAndWidensTypesOfANewVersion() throws Exception {
        TypeTables.ensure(settings, survey(1, column("score", ColumnType.Kind.INT)), SchemaChangeMode.EVOLVE);
        Registry v2 = survey(2, column("score", ColumnType.Kind.LONG), column("comment", ColumnType.Kind.STRING));

        assertThat(plan(v2).changes()).containsExactly(
                new Change(Kind.WIDEN_TYPE, "survey_responses", "score", "int -> long"),
                new Change(Kind.ADD_COLUMN, "survey_responses", "comment", "string"));
        TypeTables.ensure(settings, v2, SchemaChangeMode.EVOLVE);

        assertThat(table().schema().findField("score").type()).isEqualTo(Types.LongType.get());
        assertThat(table().schema().findField("comment").type()).isEqualTo(Types.StringType.get());
        assertThat(plan(v2).changes()).isEmpty();
    }

    @Test
    void refusesNarrowingOrChangingATypeUnlessLenient() throws Exception {
        TypeTables.ensure(settings, survey(1, column("score", ColumnType.Kind.LONG)), SchemaChangeMode.EVOLVE);
        Registry v2 = survey(2, column("score", ColumnType.Kind.STRING));

        assertThat(plan(v2).refused()).containsExactly(new Change(Kind.REFUSED, "survey_responses", "score",
                "the table has long, the metadata says string; a column type can only widen (int -> long, "
                        + "float -> double, decimal precision up). Add a new column instead"));
        assertThatThrownBy(() -> TypeTables.ensure(settings, v2, SchemaChangeMode.EVOLVE))
                .hasMessageContaining("schema-change mode EVOLVE does not allow it")
                .hasMessageContaining("! refused      survey_responses.score: the table has long");

        LakePlan lenient = TypeTables.ensure(settings, v2, SchemaChangeMode.LENIENT);
        assertThat(lenient.refusedColumns()).isEqualTo(Map.of("survey_responses", Set.of("score")));
        assertThat(table().schema().findField("score").type()).isEqualTo(Types.LongType.get());
    }

    @Test
    void seesNoChangeInAListColumnWhoseElementIdTheCatalogChose() throws Exception {
        Registry tags = survey(1, new LakeColumn("tags", "/payload/tags", ColumnType.of(ColumnType.Kind.LIST_OF_STRING),
                Transform.NONE, false));
        TypeTables.ensure(settings, tags, SchemaChangeMode.EVOLVE);

        assertThat(plan(tags).changes()).isEmpty();
    }

    @Test
    void exceptionModeRefusesAnyChangeToAnExistingTable() throws Exception {
        TypeTables.ensure(settings, survey(1, column("score", ColumnType.Kind.INT)), SchemaChangeMode.EXCEPTION);
        Registry v2 = survey(2, column("score", ColumnType.Kind.INT), column("comment", ColumnType.Kind.STRING));

        assertThatThrownBy(() -> TypeTables.ensure(settings, v2, SchemaChangeMode.EXCEPTION))
                .hasMessageContaining("+ add column   survey_responses.comment string");
        assertThat(table().schema().findField("comment")).isNull();
    }
}
