package dev.stepwise.bench;

import java.util.List;

/**
 * One store at one in-flight level: Stepwise and the raw baseline measured alternately in the same
 * run, with the per-repetition ratio, and how each side's warm-up ended ({@code rawWarmup} is null
 * for a smoke row, which has no baseline).
 */
record StoreRow(
        String store,
        boolean smoke,
        int inFlight,
        List<Measurement> stepwise,
        List<Measurement> raw,
        List<Double> ratios,
        LoadRunner.Warmed stepwiseWarmup,
        LoadRunner.Warmed rawWarmup) {

    Spread turnsPerSec() {
        return Spread.of(stepwise, Measurement::turnsPerSec);
    }

    Spread rawTurnsPerSec() {
        return Spread.of(raw, Measurement::turnsPerSec);
    }

    Spread ratio() {
        return Spread.of(ratios, Double::doubleValue);
    }

    Spread p50() {
        return Spread.of(stepwise, Measurement::p50Micros);
    }

    Spread p99() {
        return Spread.of(stepwise, Measurement::p99Micros);
    }

    Spread cpu() {
        return Spread.of(stepwise, Measurement::cpuMicrosPerTurn);
    }

    Spread rawCpu() {
        return Spread.of(raw, Measurement::cpuMicrosPerTurn);
    }

    Spread rawP50() {
        return Spread.of(raw, Measurement::p50Micros);
    }

    Spread rawP99() {
        return Spread.of(raw, Measurement::p99Micros);
    }
}
