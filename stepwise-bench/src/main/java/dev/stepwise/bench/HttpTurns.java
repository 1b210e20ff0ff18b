package dev.stepwise.bench;

import java.nio.charset.StandardCharsets;

/**
 * The MCP section's request drivers over one {@link HttpConnection}: a JSON-RPC {@code ping}, and
 * the four-call {@code insurance_quote} workload (start → name and email → age → plan) in the wire
 * dialect of Stepwise or of the WaniWani peer, each answer's status checked like {@link
 * QuoteSession} does. Not thread-safe: one per worker.
 */
final class HttpTurns {

    private HttpTurns() {}

    /** How a server names the session and takes the answers. */
    enum Dialect {
        /** Stepwise: the session id in the arguments; the age as the user typed it. */
        STEPWISE,
        /** WaniWani: the session id in {@code _meta}, an {@code intent} to start, the age a number. */
        WANIWANI;

        String call(long id, String session, int step) {
            String updates =
                    switch (step) {
                        case 1 -> "{\"name\":\"Ada Lovelace\",\"email\":\"Ada@Example.com\"}";
                        case 2 -> this == STEPWISE ? "{\"age\":\"34\"}" : "{\"age\":34}";
                        case 3 -> "{\"plan\":\"standard\"}";
                        default -> null;
                    };
            String arguments = updates == null
                    ? (this == STEPWISE ? "{\"action\":\"start\"" : "{\"action\":\"start\",\"intent\":\"a car quote\"")
                    : "{\"action\":\"continue\",\"stateUpdates\":" + updates;
            arguments += this == STEPWISE ? ",\"sessionId\":\"" + session + "\"}" : "}";
            String meta = this == WANIWANI ? ",\"_meta\":{\"waniwani/sessionId\":\"" + session + "\"}" : "";
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"insurance_quote\",\"arguments\":" + arguments
                    + meta + "}}";
        }
    }

    /** A JSON-RPC ping per call; the answer must carry a result. */
    static TurnDriver ping(HttpConnection connection) {
        long[] id = {0};
        return () -> {
            byte[] answer = connection.post(("{\"jsonrpc\":\"2.0\",\"id\":" + ++id[0] + ",\"method\":\"ping\"}")
                    .getBytes(StandardCharsets.UTF_8));
            if (indexOf(answer, RESULT) < 0) {
                throw new IllegalStateException("ping answered " + new String(answer, StandardCharsets.UTF_8));
            }
        };
    }

    /** The quote workload: one call per turn, sessions {@code prefix-0}, {@code prefix-1}, ... */
    static TurnDriver quote(HttpConnection connection, Dialect dialect, String prefix) {
        return new TurnDriver() {
            private long id;
            private long session;
            private int step;

            @Override
            public void turn() {
                if (step == 0) {
                    session++;
                }
                byte[] answer = connection.post(
                        dialect.call(++id, prefix + "-" + session, step).getBytes(StandardCharsets.UTF_8));
                if (indexOf(answer, EXPECTED[step]) < 0) {
                    QuoteSession.check("(missing)", step, new String(answer, StandardCharsets.UTF_8));
                }
                step = (step + 1) % 4;
            }
        };
    }

    private static final byte[] RESULT = "\"result\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[][] EXPECTED = new byte[4][];

    static {
        for (int i = 0; i < 4; i++) {
            // structuredContent is compact JSON in both servers; the text mirror escapes its quotes
            EXPECTED[i] = ("\"status\":\"" + QuoteSession.STATUSES[i] + "\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
