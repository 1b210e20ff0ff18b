package dev.stepwise.server;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A test flow whose only action waits until the test releases it. */
public final class SlowFlow {

    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private SlowFlow() {}

    static void reset() {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    public static Flow flow() {
        return Flow.builder("slow")
                .version("1")
                .title("Slow")
                .description("Waits for the test.")
                .state(StateSchema.builder()
                        .string("done", "set when released", f -> f.optional())
                        .build())
                .action("wait", ctx -> {
                    entered.countDown();
                    try {
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    return Patch.of("done", "yes");
                })
                .edge(Flow.START, "wait")
                .edge("wait", Flow.END)
                .build();
    }
}
