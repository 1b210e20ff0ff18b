package dev.stepwise.server;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s options for session life, loop limit, log window and reads, in one help section. Each
 * applies to every hosted flow; unset, each flow (or the engine) keeps its own value.
 */
final class EngineOptions {

    @Option(
            names = "--session-ttl",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a session lives after its last turn (default: each flow's own, 24h unless the"
                    + " flow sets it).")
    Duration sessionTtl;

    @Option(
            names = "--completed-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a completed or cancelled session's marker is kept, so a late call is told the"
                    + " session ended (default: 1h).")
    Duration completedRetention;

    @Option(
            names = "--loop-limit",
            paramLabel = "N",
            description = "Most node executions in one call before it fails with LOOP_LIMIT, 1 to 10000 (default:"
                    + " each flow's own, 50 unless the flow sets it).")
    Integer loopLimit;

    @Option(
            names = "--log-max-items",
            paramLabel = "N",
            description = "Most conversation-log items kept per session; older ones are trimmed (default: 1000).")
    Integer logMaxItems;

    @Option(
            names = "--log-max-age",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Conversation-log items older than this are trimmed (default: 30d).")
    Duration logMaxAge;

    @Option(
            names = "--read-every-turn",
            description = "Read each session from the store before every turn. By default a continue runs on the"
                    + " record this server saved last and its compare-and-set save confirms it: one store round"
                    + " trip fewer per turn; a session another server changed is read again.")
    boolean readEveryTurn;

    /** The options as overrides, checked. */
    EngineOverrides overrides() {
        return new EngineOverrides(sessionTtl, loopLimit, completedRetention, logMaxItems, logMaxAge, readEveryTurn);
    }
}
