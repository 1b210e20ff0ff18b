package dev.stepwise.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Prints a figure line to the test output and appends it to {@code target/reliability-figures.txt},
 * where docs/reliability.md's numbers come from.
 */
public final class Figures {

    private Figures() {}

    public static synchronized void report(String test, String line) {
        String text = Instant.now() + " " + (Sizes.longRun() ? "long " : "default ") + test + ": " + line;
        System.out.println("FIGURE " + text);
        try {
            Files.writeString(
                    Path.of("target", "reliability-figures.txt"),
                    text + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
