package dev.stepwise.server;

import java.time.Duration;

/**
 * Bounds on what an HTTP client controls, so that no client can hold the server's memory or threads.
 *
 * @param maxRequestBytes       largest request body accepted on /mcp (larger: 413)
 * @param maxJsonDepth          deepest JSON nesting accepted (deeper: -32700)
 * @param maxHeaderBytes        largest request header block (larger: 431)
 * @param idleTimeout           a connection with no traffic for this long is closed
 * @param bodyTimeout           a request body still incomplete this long after the server began
 *                              reading it is refused (408), so slow-loris clients release their
 *                              thread. Measured from the first read, not from arrival, so a request
 *                              that waited for a thread under load is not penalised (a minimum data
 *                              rate counted from arrival refused small requests under load)
 * @param maxConcurrentRequests MCP requests served at once; more get 503 with Retry-After while
 *                              {@code /healthz} keeps its own threads
 * @param maxThreads            the HTTP thread pool's size (kept above maxConcurrentRequests)
 */
record ServingLimits(
        int maxRequestBytes,
        int maxJsonDepth,
        int maxHeaderBytes,
        Duration idleTimeout,
        Duration bodyTimeout,
        int maxConcurrentRequests,
        int maxThreads) {

    static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
    static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 128;
    /** Threads Jetty needs besides request handling: acceptors, selectors, /healthz. */
    private static final int SPARE_THREADS = 32;

    ServingLimits {
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("--max-request-bytes must be at least 1024, not " + maxRequestBytes);
        }
        if (maxJsonDepth < 8) {
            throw new IllegalArgumentException("the JSON depth limit must be at least 8, not " + maxJsonDepth);
        }
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > InFlightRequests.MAX) {
            throw new IllegalArgumentException("--max-concurrent-requests must be from 1 to " + InFlightRequests.MAX
                    + ", not " + maxConcurrentRequests);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("--idle-timeout must be positive, not " + idleTimeout);
        }
        maxThreads = Math.max(maxThreads, maxConcurrentRequests + SPARE_THREADS);
    }

    static ServingLimits defaults() {
        return of(DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS, Duration.ofSeconds(30));
    }

    static ServingLimits of(int maxRequestBytes, int maxConcurrentRequests, Duration idleTimeout) {
        return new ServingLimits(
                maxRequestBytes, 64, 16 * 1024, idleTimeout, Duration.ofSeconds(10), maxConcurrentRequests, 0);
    }
}
