package dev.stepwise.bench;

/** Runs the next turn of whatever it drives; one instance per worker thread. */
@FunctionalInterface
interface TurnDriver {

    /** One turn (one call), checked; throws when the answer is wrong. */
    void turn() throws Exception;
}
