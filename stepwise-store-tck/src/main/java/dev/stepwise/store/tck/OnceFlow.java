package dev.stepwise.store.tck;

import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The flow the exactly-once contracts drive, with its effect counters outside the store. Each
 * {@code continue} answering {@code item} runs the action {@code charge}: a {@code ctx.once("charge")}
 * body (counted in {@link #onceRuns}) and a plain effect guarded only by the call's requestId
 * (counted in {@link #effects}), whose count is stamped into the state and shown in the next
 * question, so an answer given by a second execution differs from the first one's. {@code turns}
 * counts the turns the saved state went through.
 */
final class OnceFlow {

    static final String ID = "tck_once";

    /** How often the {@code ctx.once("charge")} body ran, over every engine of a test. */
    final AtomicInteger onceRuns = new AtomicInteger();
    /** How often the action ran to its plain effect, over every engine of a test. */
    final AtomicInteger effects = new AtomicInteger();

    /**
     * When set, the first {@code parties} executions of the action wait for each other (up to
     * {@link #GATHER_SECONDS}) before calling {@code ctx.once}, so racing turns really overlap there
     * instead of depending on thread start-up. An engine that serialises the turns only makes them
     * wait the bound; it cannot make a test pass or fail.
     */
    private final CountDownLatch gathering;

    /** Upper bound of the gathering wait; not an assertion. */
    static final long GATHER_SECONDS = 5;

    OnceFlow() {
        this(0);
    }

    /** With {@code parties > 0}, that many first executions of the action gather before {@code ctx.once}. */
    OnceFlow(int parties) {
        this.gathering = parties > 0 ? new CountDownLatch(parties) : null;
    }

    private void gather() {
        if (gathering != null && gathering.getCount() > 0) {
            gathering.countDown();
            try {
                gathering.await(GATHER_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while gathering", e);
            }
        }
    }

    /** One definition per engine, all counting into this instance's counters. */
    Flow flow() {
        return Flow.builder(ID)
                .description("Conformance exactly-once flow")
                .state(StateSchema.builder()
                        .string("item", "Item to charge")
                        .integer("stamp", "Effects run so far when this turn ran", f -> f.optional())
                        .integer("charge", "The recorded once outcome", f -> f.optional())
                        .integer("turns", "Turns applied to the state", f -> f.optional())
                        .build())
                .askWith("ask", ctx -> Ask.builder()
                        .question("item", "Item?")
                        .context("stamp=" + ctx.state().get("stamp") + " charge="
                                + ctx.state().get("charge"))
                        .build())
                .action("charge", ctx -> {
                    gather();
                    int charge = ctx.once("charge", onceRuns::incrementAndGet).asInt();
                    int stamp = effects.incrementAndGet();
                    Long turns = ctx.state().getLong("turns");
                    return Patch.of("stamp", stamp)
                            .with("charge", charge)
                            .with("turns", (turns == null ? 0 : turns) + 1)
                            .with("item", null);
                })
                .edge(Flow.START, "ask")
                .edge("ask", "charge")
                .edge("charge", "ask")
                .build();
    }
}
