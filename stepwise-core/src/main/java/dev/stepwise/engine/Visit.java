package dev.stepwise.engine;

import java.time.Instant;

/** A node entered during a call, for the {@code nodesVisited} of the response meta. */
public record Visit(String id, Instant at) {}
