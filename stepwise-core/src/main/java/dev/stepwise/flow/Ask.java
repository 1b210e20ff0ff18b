package dev.stepwise.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The questions an ask node poses, and guidance for the model about asking them together.
 * Only unanswered questions are asked; validators run once all are answered.
 *
 * @param questions one or more questions, on distinct fields
 * @param context   hidden guidance for the model, or null
 */
public record Ask(List<Question> questions, @Nullable String context) {

    public Ask {
        questions = List.copyOf(questions);
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("an ask needs at least one question");
        }
        if (questions.stream().map(Question::field).distinct().count() != questions.size()) {
            throw new IllegalArgumentException("an ask asks the same field twice");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link Ask}. */
    public static final class Builder {
        private final List<Question> questions = new ArrayList<>();
        private @Nullable String context;

        Builder() {}

        public Builder question(String field, String text) {
            questions.add(Question.on(field, text).build());
            return this;
        }

        public Builder question(String field, String text, UnaryOperator<Question.Builder> more) {
            questions.add(more.apply(Question.on(field, text)).build());
            return this;
        }

        public Builder question(Question question) {
            questions.add(question);
            return this;
        }

        public Builder context(String value) {
            this.context = value;
            return this;
        }

        public Ask build() {
            return new Ask(questions, context);
        }
    }
}
