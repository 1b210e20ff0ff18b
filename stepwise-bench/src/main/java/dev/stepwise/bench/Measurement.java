package dev.stepwise.bench;

/**
 * One timed run: turns completed by {@code inFlight} workers in {@code seconds}, and per-turn
 * latency percentiles.
 */
record Measurement(int inFlight, long turns, double seconds, double turnsPerSec, double p50Micros,
                   double p99Micros) {}
