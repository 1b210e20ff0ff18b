package dev.stepwise.internal.flow;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.internal.json.PlainTrees;
import dev.stepwise.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a value against a field spec, coercing what a model commonly sends in the wrong JSON type
 * ({@code "34"} for a number, {@code "yes"} for a boolean, {@code "Premium"} for {@code premium}).
 */
public final class FieldCheck {

    /** Compiled field patterns; emptied when full, so flows authored at run time cannot grow it unbounded. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private static final int MAX_PATTERNS = 1024;

    private FieldCheck() {}

    /** The outcome of a check: the (possibly coerced) value, or why it was refused. */
    public sealed interface Result {
        /** The value is acceptable as {@code value}. */
        record Accepted(JsonNode value) implements Result {}

        /** The value is refused; {@code reason} is written for the model to relay. */
        record Rejected(String reason) implements Result {}
    }

    /**
     * The value as {@code spec} accepts it (coerced), for application code setting a field directly.
     *
     * @param value a JSON node or any JSON-convertible value
     * @throws IllegalArgumentException with the reason when the value is refused
     */
    public static JsonNode accept(FieldSpec spec, Object value) {
        JsonNode json = value instanceof JsonNode node ? node : PlainTrees.of(value);
        Result checked = check(spec, json);
        if (checked instanceof Result.Rejected rejected) {
            throw new IllegalArgumentException(rejected.reason());
        }
        return ((Result.Accepted) checked).value();
    }

    /** Checks {@code value} (never null; JSON null is refused) against {@code spec}. */
    public static Result check(FieldSpec spec, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return new Result.Rejected(label(spec) + " must not be null");
        }
        return switch (spec.type()) {
            case STRING -> string(spec, value);
            case NUMBER, INTEGER -> number(spec, value);
            case BOOLEAN -> bool(spec, value);
            case ENUM -> enumeration(spec, value);
            case OBJECT -> object(spec, value);
            case ARRAY -> array(spec, value);
        };
    }

    private static Result string(FieldSpec spec, JsonNode value) {
        String text;
        if (value.isString()) {
            text = value.asString();
        } else if (value.isNumber() || value.isBoolean()) {
            text = value.asString();
        } else {
            return rejected(spec, "must be a string, not " + describe(value));
        }
        if (spec.minLength() != null && text.length() < spec.minLength()) {
            return rejected(spec, "must be at least " + spec.minLength() + " characters long");
        }
        if (spec.maxLength() != null && text.length() > spec.maxLength()) {
            return rejected(spec, "must be at most " + spec.maxLength() + " characters long");
        }
        if (spec.pattern() != null && !pattern(spec.pattern()).matcher(text).matches()) {
            return rejected(spec, "does not have the expected form (" + spec.pattern() + ")");
        }
        if ("email".equals(spec.format()) && !isEmail(text)) {
            return rejected(spec, "must be an email address like name@example.com");
        }
        if ("uri".equals(spec.format()) && !isUri(text)) {
            return rejected(spec, "must be an absolute URI like https://example.com");
        }
        if ("date".equals(spec.format()) && !isDate(text)) {
            return rejected(spec, "must be a date in the form YYYY-MM-DD");
        }
        // a string node is immutable: the answer's own node can go into the state
        return new Result.Accepted(value.isString() ? value : Json.nodes().stringNode(text));
    }

    /**
     * Whether {@code text}, trimmed, has the form {@code [^@\s]+@[^@\s]+\.[^@\s]+}: one
     * {@code @} with something before it, and after it a dot with something on both sides, and no
     * whitespace. Scanned by hand rather than matched with that pattern: the matcher (and the
     * trimmed copy) cost 1.5 % of a turn that takes an email address.
     */
    static boolean isEmail(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        int at = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (c == ' ' || (c >= '\t' && c <= '\r')) {
                return false; // \s: space, tab, newline, vertical tab, form feed, carriage return
            }
        }
        if (at <= from) {
            return false;
        }
        for (int dot = at + 2; dot < to - 1; dot++) {
            if (text.charAt(dot) == '.') {
                return true;
            }
        }
        return false;
    }

    private static Pattern pattern(String regex) {
        Pattern compiled = PATTERNS.get(regex);
        if (compiled == null) {
            if (PATTERNS.size() >= MAX_PATTERNS) {
                PATTERNS.clear();
            }
            compiled = Pattern.compile(regex);
            PATTERNS.put(regex, compiled);
        }
        return compiled;
    }

    /** Largest decimal exponent (either sign) a number field accepts: the range of a double. */
    private static final int MAX_EXPONENT = 308;

    private static Result number(FieldSpec spec, JsonNode value) {
        BigDecimal number;
        if (value.isNumber() && (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            return rejected(spec, "must be a finite number, not " + value.doubleValue());
        }
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (value.isString()) {
            String text = value.asString().trim().replace("_", "");
            if (text.length() > Json.MAX_NUMBER_LENGTH) {
                return rejected(spec, "must be a number of at most " + Json.MAX_NUMBER_LENGTH + " characters");
            }
            try {
                number = new BigDecimal(text);
            } catch (NumberFormatException e) {
                return rejected(spec, "must be a number, not \"" + abbreviate(value.asString()) + "\"");
            }
        } else {
            return rejected(spec, "must be a number, not " + describe(value));
        }
        // bound the magnitude before any exact conversion: 1e999999999 is 12 characters, and turning it
        // into a BigInteger (or a plain string) would take gigabytes and minutes
        if (number.signum() != 0 && Math.abs((long) number.precision() - number.scale() - 1) > MAX_EXPONENT) {
            return rejected(
                    spec,
                    "must be between -1e" + MAX_EXPONENT + " and 1e" + MAX_EXPONENT + " and no closer to zero than 1e-"
                            + MAX_EXPONENT);
        }
        if (spec.type() == FieldType.INTEGER) {
            try {
                number = new BigDecimal(number.stripTrailingZeros().toBigIntegerExact());
            } catch (ArithmeticException e) {
                return rejected(spec, "must be a whole number, not " + number.toPlainString());
            }
        }
        if (spec.min() != null && number.compareTo(spec.min()) < 0) {
            return rejected(
                    spec, "must be at least " + spec.min().stripTrailingZeros().toPlainString());
        }
        if (spec.max() != null && number.compareTo(spec.max()) > 0) {
            return rejected(
                    spec, "must be at most " + spec.max().stripTrailingZeros().toPlainString());
        }
        JsonNode accepted;
        if (spec.type() == FieldType.INTEGER) {
            BigInteger whole = number.toBigInteger();
            accepted = whole.bitLength() < 64
                    ? Json.nodes().numberNode(whole.longValue())
                    : Json.nodes().numberNode(whole);
        } else {
            accepted = Json.nodes().numberNode(number.stripTrailingZeros());
        }
        // what is saved must parse again: a 300-digit integer would make the whole session unreadable
        // (a long, 20 characters at most, never is: only decimals and big integers are written out)
        if (!accepted.isLong() && Json.text(accepted).length() > Json.MAX_NUMBER_LENGTH) {
            return rejected(
                    spec, "has too many digits (at most " + Json.MAX_NUMBER_LENGTH + " characters written out)");
        }
        return new Result.Accepted(accepted);
    }

    private static Result bool(FieldSpec spec, JsonNode value) {
        if (value.isBoolean()) {
            return new Result.Accepted(value);
        }
        if (value.isString()) {
            switch (value.asString().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "1" -> {
                    return new Result.Accepted(Json.nodes().booleanNode(true));
                }
                case "false", "no", "n", "0" -> {
                    return new Result.Accepted(Json.nodes().booleanNode(false));
                }
                default -> {
                    return rejected(spec, "must be true or false, not \"" + abbreviate(value.asString()) + "\"");
                }
            }
        }
        return rejected(spec, "must be true or false, not " + describe(value));
    }

    private static Result enumeration(FieldSpec spec, JsonNode value) {
        if (value.isString() || value.isNumber()) {
            String text = value.asString().trim();
            for (String allowed : spec.values()) {
                if (allowed.equalsIgnoreCase(text)) {
                    return new Result.Accepted(Json.nodes().stringNode(allowed));
                }
            }
            return rejected(
                    spec, "must be one of " + String.join(", ", spec.values()) + ", not \"" + abbreviate(text) + "\"");
        }
        return rejected(spec, "must be one of " + String.join(", ", spec.values()) + ", not " + describe(value));
    }

    private static Result object(FieldSpec spec, JsonNode value) {
        if (!value.isObject()) {
            return rejected(spec, "must be an object, not " + describe(value));
        }
        ObjectNode checked = Json.object();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            FieldSpec memberSpec = spec.objectFields().field(member.getKey());
            if (memberSpec == null) {
                return rejected(
                        spec,
                        "has no member '" + abbreviate(member.getKey()) + "' (declared: "
                                + String.join(", ", spec.objectFields().names()) + ")");
            }
            Result result = check(memberSpec, member.getValue());
            if (result instanceof Result.Rejected rejected) {
                return new Result.Rejected(spec.name() + "." + rejected.reason());
            }
            checked.set(member.getKey(), ((Result.Accepted) result).value());
        }
        return new Result.Accepted(checked);
    }

    private static Result array(FieldSpec spec, JsonNode value) {
        if (!value.isArray()) {
            return rejected(spec, "must be a list, not " + describe(value));
        }
        if (spec.min() != null && value.size() < spec.min().intValue()) {
            return rejected(spec, "must have at least " + spec.min().intValue() + " entries");
        }
        if (spec.max() != null && value.size() > spec.max().intValue()) {
            return rejected(spec, "must have at most " + spec.max().intValue() + " entries");
        }
        ArrayNode checked = Json.mapper().createArrayNode();
        for (int i = 0; i < value.size(); i++) {
            Result result = check(spec.arrayItems(), value.get(i));
            if (result instanceof Result.Rejected rejected) {
                return new Result.Rejected(spec.name() + "[" + i + "]: " + rejected.reason());
            }
            checked.add(((Result.Accepted) result).value());
        }
        return new Result.Accepted(checked);
    }

    private static Result rejected(FieldSpec spec, String problem) {
        return new Result.Rejected(label(spec) + " " + problem);
    }

    private static String label(FieldSpec spec) {
        return spec.name();
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "a list";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static boolean isUri(String text) {
        try {
            return new URI(text).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
