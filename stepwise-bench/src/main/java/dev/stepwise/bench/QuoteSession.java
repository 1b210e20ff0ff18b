package dev.stepwise.bench;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark workload, one turn per {@link #turn()}: sessions of {@code insurance_quote} driven
 * {@code start} → {@code continue {name, email}} → {@code continue {age}} → {@code continue {plan}},
 * each status checked (interrupt, interrupt, widget, complete), then the next session. Not
 * thread-safe: one per worker.
 */
final class QuoteSession implements TurnDriver {

    /** The status each of the four turns must answer. */
    static final String[] STATUSES = {"interrupt", "interrupt", "widget", "complete"};

    private final FlowEngine engine;
    private final String prefix;
    private long session;
    private int step;
    private String sessionId;

    QuoteSession(FlowEngine engine, String prefix) {
        this.engine = engine;
        this.prefix = prefix;
    }

    /** The arguments of turn {@code step} (0..3), as the flow tool takes them. */
    static ObjectNode updates(int step) {
        ObjectNode updates = Json.object();
        switch (step) {
            case 1 -> {
                updates.put("name", "Ada Lovelace");
                updates.put("email", "Ada@Example.com");
            }
            case 2 -> updates.put("age", "34");
            case 3 -> updates.put("plan", "standard");
            default -> {}
        }
        return updates;
    }

    @Override
    public void turn() {
        if (step == 0) {
            sessionId = prefix + "-" + session++;
        }
        FlowCall call = step == 0
                ? FlowCall.start(InsuranceQuote.ID).sessionId(sessionId).build()
                : FlowCall.resume(InsuranceQuote.ID, sessionId)
                        .updates(updates(step))
                        .build();
        FlowResponse response = engine.call(call);
        check(response.status(), step, response);
        step = (step + 1) % 4;
    }

    static void check(String status, int step, Object response) {
        if (!STATUSES[step].equals(status)) {
            throw new IllegalStateException(
                    "turn " + (step + 1) + " answered " + status + " instead of " + STATUSES[step] + ": " + response);
        }
    }
}
