package io.convstore.metadata;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** The problems found in one metadata file, each with its line and column. */
final class Problems {
    private final String file;
    private final List<Problem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void at(Node node, String key, String message) {
        if (node == null) {
            whole(key, message);
            return;
        }
        found.add(new Problem(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, key,
                message));
    }

    void whole(String key, String message) {
        found.add(new Problem(file, 0, 0, key, message));
    }

    void atLine(int line, int column, String key, String message) {
        found.add(new Problem(file, line, column, key, message));
    }

    List<Problem> list() {
        return found;
    }

    boolean isEmpty() {
        return found.isEmpty();
    }
}
