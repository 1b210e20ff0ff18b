package dev.stepwise.engine;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an observed call counts while it runs, for its {@link TurnReport}. Unobserved calls share
 * {@link #OFF}, which counts nothing, so a turn without an observer allocates nothing for this.
 * Confined to the call's thread.
 */
final class CallTally {

    /** The tally of every unobserved call: it ignores everything. */
    static final CallTally OFF = new CallTally(false);

    private final boolean on;
    private int attempts;
    private int conflicts;
    private int onceRuns;
    private boolean replayed;
    private boolean started;
    private @Nullable SessionStatus saved;
    private int logItems;

    private CallTally(boolean on) {
        this.on = on;
    }

    static CallTally counting() {
        return new CallTally(true);
    }

    void attempt() {
        if (on) {
            attempts++;
        }
    }

    /** The attempt lost a compare-and-set race and the turn goes again (or the call gives up). */
    void conflict() {
        if (on) {
            conflicts++;
        }
    }

    void onceRan() {
        if (on) {
            onceRuns++;
        }
    }

    void replayed() {
        if (on) {
            replayed = true;
        }
    }

    /** The attempt's turn was the first of a new run. */
    void began() {
        if (on) {
            started = true;
        }
    }

    /** The attempt's save landed, leaving the session {@code status} with {@code items} new log items. */
    void saved(SessionStatus status, int items) {
        if (on) {
            saved = status;
            logItems += items;
        }
    }

    /** The report of a call that answered {@code response} (null: it threw) after {@code nanos}. */
    TurnReport report(
            @Nullable String flowId, @Nullable CallAction action, @Nullable FlowResponse response, long nanos) {
        String status = response == null ? "error" : response.status();
        ErrorCode error = response == null
                ? ErrorCode.INTERNAL
                : response instanceof FlowResponse.Failed failed ? failed.code() : null;
        String node = null;
        if (response != null) {
            List<Visit> visits = response.meta().visits();
            node = visits.isEmpty() ? null : visits.get(visits.size() - 1).id();
        }
        boolean landed = saved != null && error == null;
        return new TurnReport(
                flowId,
                action,
                node,
                status,
                error,
                replayed,
                attempts,
                conflicts,
                onceRuns,
                landed && started,
                landed && saved == SessionStatus.COMPLETED,
                landed && saved == SessionStatus.CANCELLED,
                landed ? logItems : 0,
                nanos);
    }
}
