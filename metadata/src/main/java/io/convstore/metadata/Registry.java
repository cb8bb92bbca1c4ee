package io.convstore.metadata;

import io.convstore.metadata.TypeDefinition.TypeKey;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every interaction type the pipeline accepts, each at each of its versions: the compiled form of the metadata
 * directory. Immutable and serializable, so a job ships it to its operators as it is.
 */
public final class Registry implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<TypeKey, TypeDefinition> definitions;

    private Registry(Map<TypeKey, TypeDefinition> definitions) {
        this.definitions = Collections.unmodifiableMap(definitions);
    }

    public static Registry of(Collection<TypeDefinition> definitions) {
        Map<TypeKey, TypeDefinition> byKey = new TreeMap<>();
        for (TypeDefinition definition : definitions) {
            if (byKey.put(definition.key(), definition) != null) {
                throw new IllegalArgumentException("two definitions of " + definition.key());
            }
        }
        return new Registry(byKey);
    }

    public Optional<TypeDefinition> find(String type, int version) {
        return Optional.ofNullable(definitions.get(new TypeKey(type, version)));
    }

    public boolean contains(String type, int version) {
        return definitions.containsKey(new TypeKey(type, version));
    }

    /** The newest version of {@code type}, or empty when the type is unknown. */
    public OptionalInt latestVersion(String type) {
        return definitions.keySet().stream().filter(k -> k.type().equals(type)).mapToInt(TypeKey::version).max();
    }

    /** Type names, sorted. */
    public Set<String> types() {
        Set<String> names = new TreeSet<>();
        definitions.keySet().forEach(k -> names.add(k.type()));
        return names;
    }

    /**
     * This registry with some lake columns left out (per table name): what the job writes when schema-change mode
     * LENIENT lets it start despite refused column changes.
     */
    public Registry withoutLakeColumns(Map<String, Set<String>> columnsByTable) {
        if (columnsByTable.isEmpty()) {
            return this;
        }
        List<TypeDefinition> trimmed = new ArrayList<>();
        for (TypeDefinition d : definitions.values()) {
            LakeTarget lake = d.lake();
            if (lake != null && columnsByTable.containsKey(lake.table())) {
                Set<String> drop = columnsByTable.get(lake.table());
                lake = new LakeTarget(lake.table(), lake.columns().stream().filter(c -> !drop.contains(c.name()))
                        .toList(), lake.partition(), lake.properties());
            }
            trimmed.add(new TypeDefinition(d.type(), d.version(), d.description(), d.source(), d.schema(), lake,
                    d.serving(), d.kafka()));
        }
        return of(trimmed);
    }

    /** Every definition, sorted by type and version. */
    public Collection<TypeDefinition> definitions() {
        return definitions.values();
    }
}
