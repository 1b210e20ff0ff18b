package dev.stepwise.flowfile;

import dev.stepwise.flow.Action;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An action that POSTs the session's state as JSON to a URL and merges the JSON object it answers
 * (a patch, as an action returns). Each attempt has a timeout; timeouts, connection failures and
 * 5xx answers are retried, every attempt carrying the same {@code Idempotency-Key} header (the
 * node's {@link NodeContext#idempotencyKey}), so the service can tell a retry from a new request.
 * The patch is recorded with {@link NodeContext#once}: a conflict re-run of the turn does not call
 * the service again. 4xx answers are not retried.
 *
 * <p>The request body is {@code {"flow", "session", "node", "state"}}; the answer must be a JSON
 * object (possibly empty) of state fields.
 */
final class WebhookAction implements Action {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String node;
    private final URI url;
    private final Duration timeout;
    private final int retries;
    private final int maxResponseBytes;
    private final StateSchema state;

    WebhookAction(String node, URI url, Duration timeout, int retries, int maxResponseBytes, StateSchema state) {
        this.node = node;
        this.state = state;
        this.url = url;
        this.timeout = timeout;
        this.retries = retries;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public Patch run(NodeContext ctx) {
        JsonNode patch = ctx.once("webhook:" + node, () -> call(ctx));
        return Patch.from(patch);
    }

    private ObjectNode call(NodeContext ctx) {
        ObjectNode body = Json.object();
        body.put("flow", ctx.flowId());
        body.put("session", ctx.sessionId());
        body.put("node", node);
        body.set("state", ctx.state().toJson());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", ctx.idempotencyKey("webhook:" + node))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                .build();
        String last = "";
        for (int attempt = 0; attempt <= retries; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                last = "timed out after " + timeout.toMillis() + " ms";
                continue;
            } catch (IOException e) {
                last = "could not connect (" + e.getMessage() + ")";
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WebhookException("WEBHOOK_INTERRUPTED", describe() + " was interrupted");
            }
            int status = response.statusCode();
            if (status >= 500) {
                last = "answered HTTP " + status;
                continue;
            }
            if (status < 200 || status >= 300) {
                throw new WebhookException(
                        "WEBHOOK_REFUSED", describe() + " answered HTTP " + status + "; not retried");
            }
            return patch(response.body());
        }
        throw new WebhookException(
                "WEBHOOK_FAILED", describe() + " failed after " + (retries + 1) + " attempts: last one " + last);
    }

    private ObjectNode patch(byte[] body) {
        if (body.length > maxResponseBytes) {
            throw new WebhookException(
                    "WEBHOOK_BAD_PATCH",
                    describe() + " answered " + body.length + " bytes; at most " + maxResponseBytes);
        }
        if (body.length == 0) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (RuntimeException e) {
            throw new WebhookException(
                    "WEBHOOK_BAD_PATCH",
                    describe() + " answered something that is not JSON; expected an object of state fields");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw new WebhookException(
                    "WEBHOOK_BAD_PATCH",
                    describe() + " answered a JSON "
                            + parsed.getNodeType().name().toLowerCase(Locale.ROOT)
                            + "; expected an object of state fields");
        }
        for (String name : object.propertyNames()) {
            String problem = problem(state.field(name), object.get(name));
            if (problem != null) {
                throw new WebhookException(
                        "WEBHOOK_BAD_PATCH", describe() + " answered field '" + name + "' " + problem);
            }
        }
        return object;
    }

    /**
     * Why a patched value does not fit its field, or null. The service is outside the flow, so its
     * answer is held to the state schema's types before it reaches the state.
     */
    private static String problem(FieldSpec spec, JsonNode value) {
        if (spec == null) {
            return "that the flow's state does not declare";
        }
        if (value.isNull()) {
            return spec.optional() ? null : "as null, but the field is not optional";
        }
        boolean fits =
                switch (spec.type()) {
                    case STRING -> value.isString();
                    case ENUM -> value.isString() && spec.values().contains(value.asString());
                    case INTEGER ->
                        value.isIntegralNumber()
                                || (value.isNumber()
                                        && value.decimalValue()
                                                        .stripTrailingZeros()
                                                        .scale()
                                                <= 0);
                    case NUMBER -> value.isNumber();
                    case BOOLEAN -> value.isBoolean();
                    case OBJECT -> value.isObject();
                    case ARRAY -> value.isArray();
                };
        return fits
                ? null
                : "as " + value.getNodeType().name().toLowerCase(Locale.ROOT) + ", but the field's type is "
                        + spec.type().name().toLowerCase(Locale.ROOT)
                        + (spec.type() == FieldType.ENUM ? " " + spec.values() : "");
    }

    private String describe() {
        return "webhook of node '" + node + "' (" + url.getHost() + ")";
    }

    /** A webhook call that failed; the turn fails with {@code NODE_FAILED} and this message. */
    static final class WebhookException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        WebhookException(String code, String message) {
            super(code + ": " + message, null, false, false);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
