package dev.stepwise.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection posting JSON, as cheap as a client can be: blocking socket, the
 * request head prebuilt, the response parsed by hand (status line, Content-Length or chunked). The
 * MCP section drives every server with it so that it measures servers, not a client library (the
 * MCP SDK clients cost more per call than the server does). Not thread-safe: one per worker.
 */
final class HttpConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] head;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);

    HttpConnection(int port, String path) {
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
        head = ("POST " + path + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + port + "\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Accept: application/json, text/event-stream\r\n"
                        + "Mcp-Protocol-Version: 2025-06-18\r\n"
                        + "Content-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Posts {@code json}; returns the response body of a 200, or throws naming the status. */
    byte[] post(byte[] json) {
        try {
            out.write(head);
            out.write(Integer.toString(json.length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF_CRLF);
            out.write(json);
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private byte[] read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")
                    && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        body.reset();
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                copy(size);
                line(); // the CRLF after each chunk
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length);
        } else {
            throw new IOException("a response with neither Content-Length nor chunked encoding (status " + code + ")");
        }
        byte[] bytes = body.toByteArray();
        if (code != 200) {
            throw new IllegalStateException(
                    "HTTP " + code + ": " + new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private void copy(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(n, buffer.length));
            if (read < 0) {
                throw new EOFException("the server closed the connection mid-body");
            }
            body.write(buffer, 0, read);
            n -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
