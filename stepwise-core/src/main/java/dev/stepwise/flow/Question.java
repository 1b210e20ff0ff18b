package dev.stepwise.flow;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One question of an ask node.
 *
 * @param field       the declared field (or dot path) the answer fills
 * @param text        the question for the user
 * @param suggestions example answers the host may offer
 * @param context     hidden guidance for the model about this question, or null
 * @param validator   checks the answer once all of the node's questions are answered, or null
 */
public record Question(
        String field,
        String text,
        List<String> suggestions,
        @Nullable String context,
        @Nullable Validator validator) {

    public Question {
        Objects.requireNonNull(field, "field");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("question for '" + field + "' has no text");
        }
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
    }

    public static Builder on(String field, String text) {
        return new Builder(field, text);
    }

    /** Builds a {@link Question}. */
    public static final class Builder {
        private final String field;
        private final String text;
        private List<String> suggestions = List.of();
        private @Nullable String context;
        private @Nullable Validator validator;

        Builder(String field, String text) {
            this.field = field;
            this.text = text;
        }

        public Builder suggestions(String... values) {
            this.suggestions = List.of(values);
            return this;
        }

        public Builder context(String value) {
            this.context = value;
            return this;
        }

        public Builder validator(Validator value) {
            this.validator = value;
            return this;
        }

        public Question build() {
            return new Question(field, text, suggestions, context, validator);
        }
    }
}
