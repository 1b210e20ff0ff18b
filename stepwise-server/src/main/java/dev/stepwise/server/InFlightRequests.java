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

/**
 * Counts MCP POST requests (the ones that carry tool calls) until their response completes, async
 * responses included, so shutdown can let them finish; once draining, new ones get 503. Also the
 * admission limit: beyond {@code maxInFlight} at once, a POST gets 503 with Retry-After at once
 * (rather than queueing), so slow or numerous clients cannot take every thread and {@code /healthz}
 * keeps answering. Long-lived GET streams are not counted: they carry no turn and are closed by
 * shutdown.
 */
final class InFlightRequests implements Filter {

    private final Object lock = new Object();
    private final int maxInFlight;
    private int inFlight;
    private boolean draining;

    InFlightRequests(int maxInFlight) {
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
        String refusal = null;
        synchronized (lock) {
            if (draining) {
                refusal = "Unavailable: the server is shutting down; retry on another instance";
            } else if (inFlight >= maxInFlight) {
                refusal = "Unavailable: the server is busy (" + maxInFlight + " requests in flight); retry shortly";
            } else {
                inFlight++;
            }
        }
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

    private void finished(AtomicBoolean done) {
        if (done.compareAndSet(false, true)) {
            synchronized (lock) {
                inFlight--;
                lock.notifyAll();
            }
        }
    }

    /** Refuses new requests, then waits until the in-flight ones completed or the timeout passed. */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            draining = true;
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    boolean draining() {
        synchronized (lock) {
            return draining;
        }
    }

    int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }
}
