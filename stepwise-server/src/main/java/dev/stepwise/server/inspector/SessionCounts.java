package dev.stepwise.server.inspector;

import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionStatus;
import dev.stepwise.engine.SessionSummary;
import dev.stepwise.engine.Sessions;
import dev.stepwise.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sessions per flow and status, counted by listing the store (stores keep no counters). Figures
 * are reused for {@link #MAX_AGE}, or {@value #COST_FACTOR} times as long as the last count took if
 * longer: every open inspector polling at once costs one listing, and counting a large store takes
 * at most about 1/{@value #COST_FACTOR} of the server's time.
 */
final class SessionCounts {

    static final Duration MAX_AGE = Duration.ofSeconds(3);
    static final int COST_FACTOR = 20;
    private static final int PAGE = 1000;

    private final Sessions sessions;
    private final Clock clock;
    private ObjectNode last;
    private Instant countedAt = Instant.MIN;
    private Duration reuseFor = MAX_AGE;

    SessionCounts(Sessions sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    synchronized ObjectNode get() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(countedAt.plus(reuseFor))) {
            long started = System.nanoTime();
            last = count(now);
            countedAt = now;
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Duration scaled = took.multipliedBy(COST_FACTOR);
            reuseFor = scaled.compareTo(MAX_AGE) > 0 ? scaled : MAX_AGE;
        }
        return last.deepCopy();
    }

    /** Drops the cached figures (after a delete or purge). */
    synchronized void invalidate() {
        last = null;
    }

    private ObjectNode count(Instant now) {
        Map<String, EnumMap<SessionStatus, Long>> byFlow = new TreeMap<>();
        long total = 0;
        long unreadable = 0;
        SessionQuery query = SessionQuery.all(PAGE);
        while (query != null) {
            SessionPage page = sessions.list(query);
            for (SessionSummary s : page.sessions()) {
                byFlow.computeIfAbsent(s.flowId(), k -> new EnumMap<>(SessionStatus.class))
                        .merge(s.status(), 1L, Long::sum);
                total++;
            }
            unreadable += page.unreadable().size();
            query = page.hasMore() ? query.after(page) : null;
        }
        ObjectNode out = Json.object();
        out.put("total", total);
        out.put("unreadable", unreadable);
        out.put("countedAt", Json.instantText(now));
        ObjectNode flows = out.putObject("flows");
        for (Map.Entry<String, EnumMap<SessionStatus, Long>> entry : byFlow.entrySet()) {
            ObjectNode flow = flows.putObject(entry.getKey());
            long sum = 0;
            for (SessionStatus status : SessionStatus.values()) {
                long n = entry.getValue().getOrDefault(status, 0L);
                flow.put(status.label(), n);
                sum += n;
            }
            flow.put("total", sum);
        }
        return out;
    }
}
