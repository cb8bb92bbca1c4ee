package io.convstore.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Strict reading of one YAML mapping with positions: every key read is remembered, and {@link #finish} reports
 * every other key as unknown, with the keys that are allowed. All problems go to the file's {@link Problems}; a
 * missing or malformed value yields null so that reading continues and every mistake is found in one pass.
 */
final class YamlFields {
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> allowed = new TreeSet<>();
    private final Node node;
    private final String path;
    private final Problems problems;

    private YamlFields(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping; returns null (after reporting) when it is not one. */
    static YamlFields of(Node node, String path, Problems problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, path, "must be a mapping of keys to values");
            return null;
        }
        YamlFields fields = new YamlFields(node, path, problems);
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.at(tuple.getKeyNode(), path, "keys must be plain words");
                continue;
            }
            if (fields.entries.put(key.getValue(), tuple) != null) {
                problems.at(key, fields.child(key.getValue()), "appears twice");
            }
        }
        return fields;
    }

    Node node() {
        return node;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node of {@code key}, or null when absent (reported when required). */
    Node value(String key, boolean required) {
        allowed.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            if (required) {
                problems.at(node, child(key), "is required");
            }
            return null;
        }
        return tuple.getValueNode();
    }

    String text(String key, boolean required) {
        Node value = value(key, required);
        return value == null ? null : scalar(value, child(key));
    }

    Integer integer(String key, boolean required) {
        Node value = value(key, required);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar) || !Tag.INT.equals(scalar.getTag())) {
            problems.at(value, child(key), "must be a whole number");
            return null;
        }
        try {
            return Integer.parseInt(scalar.getValue());
        } catch (NumberFormatException e) {
            problems.at(value, child(key), "must be a whole number");
            return null;
        }
    }

    Boolean bool(String key) {
        Node value = value(key, false);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar) || !Tag.BOOL.equals(scalar.getTag())) {
            problems.at(value, child(key), "must be true or false");
            return null;
        }
        return Boolean.parseBoolean(scalar.getValue());
    }

    YamlFields mapping(String key, boolean required) {
        Node value = value(key, required);
        return value == null ? null : of(value, child(key), problems);
    }

    /** The items of a sequence, or an empty list (after reporting) when the value is not one. */
    List<Node> sequence(String key, boolean required) {
        Node value = value(key, required);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof SequenceNode sequence)) {
            problems.at(value, child(key), "must be a list (lines starting with '- ')");
            return List.of();
        }
        return sequence.getValue();
    }

    /** A mapping of names to text values, in file order. */
    Map<String, String> textMap(String key) {
        YamlFields map = mapping(key, false);
        Map<String, String> result = new LinkedHashMap<>();
        if (map == null) {
            return result;
        }
        map.entries.forEach((name, tuple) -> {
            String text = map.scalar(tuple.getValueNode(), map.child(name));
            if (text != null) {
                result.put(name, text);
            }
        });
        map.allowed.addAll(map.entries.keySet());
        return result;
    }

    /** Position of the value of {@code key} (or of this mapping when absent), for later checks. */
    Node positionOf(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getValueNode();
    }

    /** Reports every key that was not read: a typo or a key this format does not have. */
    void finish() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                problems.at(entry.getValue().getKeyNode(), child(entry.getKey()),
                        "unknown key; allowed here: " + String.join(", ", allowed));
            }
        }
    }

    String scalar(Node value, String where) {
        if (!(value instanceof ScalarNode scalar)) {
            problems.at(value, where, "must be a single value, not a list or mapping");
            return null;
        }
        return scalar.getValue();
    }

    static boolean isNull(Node value) {
        return value instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }
}
