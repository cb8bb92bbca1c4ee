package io.convstore.event;

import java.io.Serializable;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The interaction types the pipeline accepts, with their versions. Until the YAML metadata registry lands this
 * is a built-in list; the registry will produce the same shape.
 */
public final class KnownTypes implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Set<Integer>> versionsByType;

    private KnownTypes(Map<String, Set<Integer>> versionsByType) {
        this.versionsByType = versionsByType;
    }

    /** The types every convstore installation ships: chat, email, voice transcripts, AI replies, status changes. */
    public static KnownTypes builtIn() {
        return of(Map.of(
                "chat.message", Set.of(1),
                "email.message", Set.of(1),
                "voice.transcript", Set.of(1),
                "ai.response", Set.of(1),
                "conversation.status", Set.of(1)));
    }

    public static KnownTypes of(Map<String, Set<Integer>> versionsByType) {
        Map<String, Set<Integer>> copy = new TreeMap<>();
        versionsByType.forEach((type, versions) -> copy.put(type, new TreeSet<>(versions)));
        return new KnownTypes(copy);
    }

    public boolean contains(String type, int version) {
        Set<Integer> versions = versionsByType.get(type);
        return versions != null && versions.contains(version);
    }

    /** The newest version of {@code type}, or empty when the type is unknown. */
    public OptionalInt latestVersion(String type) {
        Set<Integer> versions = versionsByType.get(type);
        return versions == null
                ? OptionalInt.empty()
                : versions.stream().mapToInt(Integer::intValue).max();
    }

    public Set<String> types() {
        return versionsByType.keySet();
    }
}
