package dev.stepwise.json;

/** JSON that Stepwise refuses to read, with the reason. */
public class JsonException extends RuntimeException {

    public JsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
