package io.convstore.metadata;

import java.io.Serializable;
import java.util.List;

/**
 * One interaction type at one version, as its metadata file defines it: immutable, validated, ready to compile.
 *
 * @param source the file it was loaded from (for messages)
 * @param schema the payload's JSON Schema, as JSON text
 * @param lake the lake table, or null when the type has no table of its own (its events are still in
 *     {@code convstore.events})
 */
public record TypeDefinition(String type, int version, String description, String source, String schema,
        LakeTarget lake, ServingProjection serving, List<KafkaTarget> kafka) implements Serializable {

    public TypeKey key() {
        return new TypeKey(type, version);
    }

    /** A type name with a version, e.g. {@code chat.message v1}. */
    public record TypeKey(String type, int version) implements Serializable, Comparable<TypeKey> {
        @Override
        public int compareTo(TypeKey other) {
            int byType = type.compareTo(other.type);
            return byType != 0 ? byType : Integer.compare(version, other.version);
        }

        @Override
        public String toString() {
            return type + " v" + version;
        }
    }
}
