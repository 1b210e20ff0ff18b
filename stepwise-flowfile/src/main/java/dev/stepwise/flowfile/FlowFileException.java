package dev.stepwise.flowfile;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A flow file that cannot be loaded. Carries every problem found (not only the first), each
 * naming the file, line and column, and a code for programs: {@code FLOW_FILE_INVALID} (the
 * content), {@code FLOW_FILE_TOO_LARGE}, {@code FLOW_FILE_UNREADABLE} (I/O).
 */
public final class FlowFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient List<Problem> problems;

    public FlowFileException(String code, List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    static FlowFileException of(String code, Problem problem) {
        return new FlowFileException(code, List.of(problem));
    }

    /** {@code FLOW_FILE_INVALID}, {@code FLOW_FILE_TOO_LARGE} or {@code FLOW_FILE_UNREADABLE}. */
    public String code() {
        return code;
    }

    /** Every problem, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
