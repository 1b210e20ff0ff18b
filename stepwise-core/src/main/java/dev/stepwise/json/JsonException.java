package dev.stepwise.json;

import org.jspecify.annotations.Nullable;

/** JSON that Stepwise refuses to read, with the reason. */
public class JsonException extends RuntimeException {

    public JsonException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
