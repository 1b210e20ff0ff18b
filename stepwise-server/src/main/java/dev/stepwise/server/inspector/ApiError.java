package dev.stepwise.server.inspector;

/**
 * A request the inspector API refuses: the HTTP status, a stable code and a message saying what to
 * change. Its message is shown to the caller as is, so it never carries internals.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "BAD_REQUEST", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
