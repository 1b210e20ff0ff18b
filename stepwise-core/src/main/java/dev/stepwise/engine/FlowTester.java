package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.memory.MemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A harness for flow authors' tests: one session of one flow (Java or loaded from a flow file) on
 * an in-memory store (or a given store), driven with plain maps, with a clock the test moves, a
 * fixed user id, request ids it chooses, and fluent assertions that throw {@link AssertionError}
 * (so any test framework reports them).
 *
 * <pre>{@code
 * FlowTester t = FlowTester.builder(flow).userId("u-1").build();
 * t.start(Map.of("name", "Ada"));
 * t.expectQuestion("email").answer(Map.of("email", "ada@example.com"))
 *  .expectQuestion("age").answer(Map.of("age", 34))
 *  .expectWidget("plan_picker").answer(Map.of("plan", "standard"))
 *  .expectComplete(result -> assertEquals("standard", result.path("plan").asString()));
 * t.advance(Duration.ofHours(25));   // past the session TTL
 * }</pre>
 */
public final class FlowTester {

    private final FlowEngine engine;
    private final String flowId;
    private final MovableClock clock;
    private final @Nullable String userId;
    private final @Nullable Supplier<String> requestIds;
    private @Nullable String sessionId;
    private @Nullable FlowResponse last;
    private @Nullable FlowCall lastCall;

    private FlowTester(Builder b) {
        this.clock = new MovableClock(b.start);
        this.engine = FlowEngine.builder()
                .store(
                        b.store != null
                                ? b.store
                                : MemoryStore.builder().clock(clock).build())
                .clock(clock)
                .register(b.flow)
                .build();
        this.flowId = b.flow.id();
        this.userId = b.userId;
        this.requestIds = b.requestIds;
    }

    /** A tester of {@code flow} on a fresh in-memory store. */
    public static FlowTester of(Flow flow) {
        return builder(flow).build();
    }

    /** A tester of {@code flow} on the given store. */
    public static FlowTester of(Flow flow, VersionedStore store) {
        return builder(flow).store(store).build();
    }

    /** Configures a tester: store, start time, user id and request ids. */
    public static Builder builder(Flow flow) {
        return new Builder(flow);
    }

    /** Moves the tester's clock (the engine's and the in-memory store's) forward, e.g. past a TTL. */
    public FlowTester advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        clock.offset = clock.offset.plus(duration);
        return this;
    }

    /** The tester's current time. */
    public Instant now() {
        return clock.instant();
    }

    /** Continues the session with these answers; the response is then what the expectations check. */
    public FlowTester answer(Map<String, ?> updates) {
        continueWith(updates);
        return this;
    }

    /**
     * Sends the last call again, with the same request id (set {@link Builder#requestIds}): the
     * engine must answer it without running anything again.
     */
    public FlowResponse retryLast() {
        if (lastCall == null) {
            throw new IllegalStateException("nothing was called yet");
        }
        last = engine.call(lastCall);
        return last;
    }

    /** The last response. */
    public FlowResponse last() {
        if (last == null) {
            throw new AssertionError("no call was made yet: call start(...) first");
        }
        return last;
    }

    /** Asserts the last response asks for {@code field} (among its questions). */
    public FlowTester expectQuestion(String field) {
        if (!(last() instanceof FlowResponse.Interrupt interrupt)
                || interrupt.questions().stream().noneMatch(q -> q.field().equals(field))) {
            throw new AssertionError("expected a question for '" + field + "' but got " + describe(last()));
        }
        return this;
    }

    /** Asserts the last response re-asks {@code field} because the answer was refused (an ERROR: context). */
    public FlowTester expectRejected(String field) {
        expectQuestion(field);
        String json = last().toJson(false).toString();
        if (!json.contains("ERROR:")) {
            throw new AssertionError("expected '" + field + "' to be re-asked with ERROR: context but got " + json);
        }
        return this;
    }

    /** Asserts the last response shows widget {@code tool}. */
    public FlowTester expectWidget(String tool) {
        return expectWidget(tool, data -> {});
    }

    /** Asserts the last response shows widget {@code tool}, and hands its data to {@code data}. */
    public FlowTester expectWidget(String tool, Consumer<JsonNode> data) {
        if (!(last() instanceof FlowResponse.Widget widget) || !widget.tool().equals(tool)) {
            throw new AssertionError("expected widget '" + tool + "' but got " + describe(last()));
        }
        data.accept(widget.data());
        return this;
    }

    /** Asserts the flow completed (not cancelled), and hands its result (or null) to {@code result}. */
    public FlowTester expectComplete(Consumer<@Nullable JsonNode> result) {
        if (!(last() instanceof FlowResponse.Complete complete) || complete.cancelled()) {
            throw new AssertionError("expected the flow to complete but got " + describe(last()));
        }
        result.accept(complete.result());
        return this;
    }

    /** Asserts the last call failed with {@code code}. */
    public FlowTester expectError(ErrorCode code) {
        if (!(last() instanceof FlowResponse.Failed failed) || failed.code() != code) {
            throw new AssertionError("expected error " + code + " but got " + describe(last()));
        }
        return this;
    }

    private static String describe(FlowResponse response) {
        return response.status() + " " + response.toJson(false);
    }

    public FlowResponse start(Map<String, ?> updates) {
        return call(FlowCall.start(flowId), updates);
    }

    public FlowResponse continueWith(Map<String, ?> updates) {
        return call(FlowCall.of(flowId, CallAction.CONTINUE), updates);
    }

    public FlowResponse reset(Map<String, ?> updates) {
        return call(FlowCall.of(flowId, CallAction.RESET), updates);
    }

    public FlowResponse cancel() {
        return call(FlowCall.of(flowId, CallAction.CANCEL), Map.of());
    }

    /** The session's current state, if it is live. */
    public Optional<State> state() {
        return sessionId == null ? Optional.empty() : engine.sessions().state(flowId, sessionId);
    }

    public @Nullable String sessionId() {
        return sessionId;
    }

    public FlowEngine engine() {
        return engine;
    }

    private FlowResponse call(FlowCall.Builder builder, Map<String, ?> updates) {
        builder.sessionId(sessionId);
        updates.forEach(builder::update);
        if (userId != null) {
            builder.userId(userId);
        }
        if (requestIds != null) {
            builder.requestId(requestIds.get());
        }
        lastCall = builder.build();
        FlowResponse response = engine.call(lastCall);
        if (response.meta().sessionId() != null) {
            sessionId = response.meta().sessionId();
        }
        last = response;
        return response;
    }

    /** Configures a {@link FlowTester}. */
    public static final class Builder {
        private final Flow flow;
        private @Nullable VersionedStore store;
        private @Nullable Instant start;
        private @Nullable String userId;
        private @Nullable Supplier<String> requestIds;

        private Builder(Flow flow) {
            this.flow = Objects.requireNonNull(flow, "flow");
        }

        /** The store; default a fresh in-memory store on the tester's clock. */
        public Builder store(VersionedStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Stops the tester's clock at this time (it then moves only by {@link FlowTester#advance});
         * default the system clock, moved by {@code advance} too.
         */
        public Builder startAt(Instant value) {
            this.start = Objects.requireNonNull(value, "start");
            return this;
        }

        /** The authenticated user every call carries; default none. */
        public Builder userId(String value) {
            this.userId = Objects.requireNonNull(value, "userId");
            return this;
        }

        /** Where each call's request id comes from; default none (calls carry no request id). */
        public Builder requestIds(Supplier<String> value) {
            this.requestIds = Objects.requireNonNull(value, "requestIds");
            return this;
        }

        public FlowTester build() {
            return new FlowTester(this);
        }
    }

    /** The system clock or a stopped one, plus however far the test moved it. */
    private static final class MovableClock extends Clock {
        private final @Nullable Instant stopped;
        private volatile Duration offset = Duration.ZERO;

        MovableClock(@Nullable Instant stopped) {
            this.stopped = stopped;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return (stopped != null ? stopped : Instant.now()).plus(offset);
        }
    }
}
