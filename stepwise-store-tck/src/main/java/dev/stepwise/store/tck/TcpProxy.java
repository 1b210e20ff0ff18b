package dev.stepwise.store.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP relay in front of a test server that can be cut (every connection dropped, the
 * port closed) and restored on the same port, so a test can take the backend away and bring it
 * back with its data intact, e.g. to check that a store reports
 * {@link dev.stepwise.store.StoreUnavailableException} and recovers.
 *
 * <p>Point the store's client at {@code 127.0.0.1:}{@link #port()}; every accepted connection is
 * relayed to {@code 127.0.0.1:targetPort} by two daemon threads. {@link #cut()} resets every
 * connection (SO_LINGER 0, so no half-closed socket keeps the port) and stops listening;
 * {@link #restore()} listens again on the same port. {@link #close()} cuts for good.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket listener;

    /** Starts relaying from a free loopback port to {@code targetPort} on the loopback address. */
    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        this.port = listen(0);
    }

    /** The loopback port clients connect to; the same after {@link #restore()}. */
    public int port() {
        return port;
    }

    /** Drops every connection and stops listening. */
    public synchronized void cut() {
        closeQuietly(listener);
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0); // reset, so no half-closed socket keeps the port from being bound again
            } catch (IOException e) {
                // already closed
            }
            closeQuietly(s);
        }
        sockets.clear();
        listener = null;
    }

    /**
     * Listens again on the same port, waiting (at most 10 s) for the system to release it.
     *
     * @throws java.io.UncheckedIOException if the port cannot be bound again within 10 s
     */
    public synchronized void restore() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listener == null) {
            try {
                listen(port);
            } catch (UncheckedIOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** Drops every connection and stops listening; idempotent. */
    @Override
    public void close() {
        cut();
    }

    private synchronized int listen(int wanted) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted));
            listener = server;
            Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return server.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    if (listener != server) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        return;
                    }
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // connection cut: the other direction notices and ends too
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
