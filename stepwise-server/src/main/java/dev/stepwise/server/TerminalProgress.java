package dev.stepwise.server;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The terminal form of {@link Progress}: a bar redrawn in place on standard error, counting records
 * (the total is unknown: stores cannot count without a full scan) and showing the last one.
 */
final class TerminalProgress extends Progress {

    private final ProgressBar bar;

    TerminalProgress(String task) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setUnit(" records", 1)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    /**
     * Whether the command runs in a terminal, where a bar can be redrawn. The JVM sees a console only
     * when standard input and output are terminals; otherwise plain lines are the safe choice.
     */
    static boolean available() {
        return System.console() != null;
    }

    @Override
    void step(String position) {
        bar.step();
        bar.setExtraMessage(position);
    }

    @Override
    public void close() {
        bar.close();
    }
}
