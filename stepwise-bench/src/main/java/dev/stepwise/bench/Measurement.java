package dev.stepwise.bench;

/**
 * One timed run: turns completed by {@code inFlight} workers in {@code seconds}, per-turn latency
 * percentiles, and the CPU time the workers' threads used per turn (client side only: a database
 * server's CPU is not in it). CPU per turn does not depend on how busy the machine is, so it
 * explains a ratio measured under load.
 */
record Measurement(
        int inFlight,
        long turns,
        double seconds,
        double turnsPerSec,
        double p50Micros,
        double p99Micros,
        double cpuMicrosPerTurn) {}
