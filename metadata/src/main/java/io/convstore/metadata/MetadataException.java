package io.convstore.metadata;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when metadata files cannot be loaded; carries every problem found, not just the first. */
public final class MetadataException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public MetadataException(List<Problem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the metadata:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
