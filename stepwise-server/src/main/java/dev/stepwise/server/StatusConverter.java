package dev.stepwise.server;

import dev.stepwise.engine.SessionStatus;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Converts a {@code --status} value to the label sessions are stored with, refusing anything that
 * is not a {@link SessionStatus} (a typo would otherwise silently match nothing, or purge nothing).
 */
final class StatusConverter implements CommandLine.ITypeConverter<String> {

    /** The accepted values, for help texts and errors. */
    static final String VALID =
            Arrays.stream(SessionStatus.values()).map(SessionStatus::label).collect(Collectors.joining(", "));

    @Override
    public String convert(String value) {
        return status(value).label();
    }

    /** The status a label names, in any case. */
    static SessionStatus status(String value) {
        for (SessionStatus status : SessionStatus.values()) {
            if (status.label().equalsIgnoreCase(value.strip())) {
                return status;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a session status; use one of " + VALID);
    }
}
