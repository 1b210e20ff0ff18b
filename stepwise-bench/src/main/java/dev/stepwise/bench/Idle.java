package dev.stepwise.bench;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.examples.InsuranceQuote;
import java.util.ArrayList;
import java.util.List;

/** Creates idle sessions (started, waiting at the first question) with two threads. */
final class Idle {

    private Idle() {}

    static void populate(FlowEngine engine, String prefix, long count) {
        int threads = 2;
        List<Thread> workers = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                try {
                    for (long i = offset; i < count; i += threads) {
                        FlowResponse r = engine.call(FlowCall.start(InsuranceQuote.ID)
                                .sessionId(prefix + "-" + i)
                                .build());
                        QuoteSession.check(r.status(), 0, r);
                    }
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            });
            workers.add(thread);
            thread.start();
        }
        for (Thread thread : workers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
