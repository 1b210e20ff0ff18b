package dev.stepwise.server;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts MCP POST requests (the ones that carry tool calls) until their response completes, async
 * responses included, so shutdown can let them finish; once draining, new ones get 503. Also the
 * admission limit: beyond {@code maxInFlight} at once, a POST gets 503 with Retry-After at once
 * (rather than queueing), so slow or numerous clients cannot take every thread and {@code /healthz}
 * keeps answering. Long-lived GET streams are not counted: they carry no turn and are closed by
 * shutdown.
 */
final class InFlightRequests implements Filter {

    /** Set in {@link #state} once draining: the count is the bits below it. */
    private static final int DRAINING = 1 << 30;

    /** The most requests that may be in flight at once. */
    static final int MAX = DRAINING - 1;

    // One atomic word for the count and the draining flag, so admitting and finishing a request take
    // no lock: a server-wide monitor here was contended on every request at 64 in flight on 2 cores.
    private final AtomicInteger state = new AtomicInteger();
    // only the drainer waits on it, and finishers notify it only once draining
    private final Object drained = new Object();
    private final int maxInFlight;

    InFlightRequests(int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > MAX) {
            throw new IllegalArgumentException("maxInFlight must be from 1 to " + MAX + ", was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        String refusal = admit();
        if (refusal != null) {
            new JsonRpcError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, JsonRpcError.UNAVAILABLE, refusal, null)
                    .write((HttpServletResponse) res);
            return;
        }
        AtomicBoolean done = new AtomicBoolean();
        boolean async = false;
        try {
            chain.doFilter(req, res);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        finished(done);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                        finished(done);
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        finished(done);
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        // the same request continues; it is still counted
                    }
                });
                async = true;
            }
        } finally {
            if (!async) {
                finished(done);
            }
        }
    }

    /** Counts the request in (null), or says why it is refused. */
    private String admit() {
        while (true) {
            int current = state.get();
            if ((current & DRAINING) != 0) {
                return "Unavailable: the server is shutting down; retry on another instance";
            }
            if (current >= maxInFlight) {
                return "Unavailable: the server is busy (" + maxInFlight + " requests in flight); retry shortly";
            }
            if (state.compareAndSet(current, current + 1)) {
                return null;
            }
        }
    }

    private void finished(AtomicBoolean done) {
        if (done.compareAndSet(false, true) && state.decrementAndGet() == DRAINING) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** Refuses new requests, then waits until the in-flight ones completed or the timeout passed. */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        state.getAndUpdate(current -> current | DRAINING);
        synchronized (drained) {
            // a finisher that brings the count to zero notifies under this monitor, so it cannot slip
            // between this check and the wait
            while (inFlight() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    boolean draining() {
        return (state.get() & DRAINING) != 0;
    }

    int inFlight() {
        return state.get() & ~DRAINING;
    }
}
