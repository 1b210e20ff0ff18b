package dev.stepwise.flowfile;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelException;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.FieldType;
import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.StateSchema;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Compiles and type-checks the CEL expressions of one flow file. Every expression sees
 * {@code state}, {@code user} and {@code project} (typed by the flow's schemas), {@code request}
 * (this call's scratch values) and {@code intent}; a question's rules and computed values also see
 * {@code value}, typed as the question's field.
 *
 * <p>CEL has no I/O and no unbounded loops; what is left is bounded here: expressions are at most
 * {@link #MAX_LENGTH} characters and {@link #MAX_NESTING} levels deep, and one evaluation runs at
 * most {@link #MAX_ITERATIONS} comprehension iterations ({@code map}, {@code all}, {@code exists},
 * {@code filter}) in all; more fails the evaluation with a clear message. A value an expression
 * computes (and so a value a loop may feed back into itself) holds at most {@link
 * #MAX_VALUE_CHARS} characters, and {@code replace}, the one function that multiplies a string's
 * length, refuses to build more.
 */
final class Expressions {

    static final int MAX_LENGTH = 2_000;
    static final int MAX_NESTING = 32;
    static final int MAX_ITERATIONS = 1_000;
    static final int MAX_VALUE_CHARS = 100_000;

    private final Source source;
    private final List<Problem> problems;
    private final StateSchema state;
    private final StateSchema user;
    private final StateSchema project;
    private final Cel cel;
    private final StateTypes types;

    Expressions(Source source, List<Problem> problems, StateSchema state, StateSchema user, StateSchema project) {
        this.source = source;
        this.problems = problems;
        this.state = state;
        this.user = user;
        this.project = project;
        this.types = new StateTypes();
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(MAX_LENGTH)
                .maxParseRecursionDepth(MAX_NESTING)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .maxRegexProgramSize(1_000)
                .evaluateCanonicalTypesToNativeValues(true)
                .enableHeterogeneousNumericComparisons(true)
                .build();
        CelType stateType = types.declare("stepwise.State", state);
        CelType userType = types.declare("stepwise.User", user);
        CelType projectType = types.declare("stepwise.Project", project);
        this.cel = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(types.provider())
                .addVar("state", stateType)
                .addVar("user", userType)
                .addVar("project", projectType)
                .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("intent", SimpleType.STRING)
                .addCompilerLibraries(CelExtensions.strings(STRINGS), CelExtensions.math(options))
                .addRuntimeLibraries(CelExtensions.strings(STRINGS), CelExtensions.math(options))
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(
                        "replace",
                        CelOverloadDecl.newMemberOverload(
                                "stepwise_replace",
                                SimpleType.STRING,
                                SimpleType.STRING,
                                SimpleType.STRING,
                                SimpleType.STRING),
                        CelOverloadDecl.newMemberOverload(
                                "stepwise_replace_n",
                                SimpleType.STRING,
                                SimpleType.STRING,
                                SimpleType.STRING,
                                SimpleType.STRING,
                                SimpleType.INT)))
                .addFunctionBindings(
                        CelFunctionBinding.from(
                                "stepwise_replace",
                                List.of(String.class, String.class, String.class),
                                args -> replace((String) args[0], (String) args[1], (String) args[2], -1)),
                        CelFunctionBinding.from(
                                "stepwise_replace_n",
                                List.of(String.class, String.class, String.class, Long.class),
                                args -> replace((String) args[0], (String) args[1], (String) args[2], (Long) args[3])))
                .build();
    }

    /** The strings extension without its {@code replace}, which {@link #replace} bounds. */
    private static final Set<CelStringExtensions.Function> STRINGS =
            EnumSet.complementOf(EnumSet.of(CelStringExtensions.Function.REPLACE));

    /**
     * CEL's {@code s.replace(from, to[, n])} (the first {@code n} occurrences; all when {@code n}
     * is negative), refusing a result over {@link #MAX_VALUE_CHARS} before building it.
     */
    static String replace(String s, String from, String to, long n) throws CelEvaluationException {
        long count = 0;
        if (from.isEmpty()) {
            count = s.length() + 1L;
        } else {
            for (int i = s.indexOf(from); i >= 0; i = s.indexOf(from, i + from.length())) {
                count++;
            }
        }
        long replaced = n < 0 ? count : Math.min(count, n);
        long length = s.length() + replaced * (to.length() - from.length());
        if (length > MAX_VALUE_CHARS) {
            throw new CelEvaluationException("replace would compute " + length
                    + " characters; an expression computes at most " + MAX_VALUE_CHARS + " characters");
        }
        if (replaced == count) {
            return s.replace(from, to);
        }
        StringBuilder out = new StringBuilder((int) length);
        int at = 0;
        for (long i = 0; i < replaced; i++) {
            int next = from.isEmpty() ? at : s.indexOf(from, at);
            out.append(s, at, next).append(to);
            if (from.isEmpty()) {
                if (next < s.length()) {
                    out.append(s.charAt(next));
                }
                at = next + 1;
            } else {
                at = next + from.length();
            }
        }
        return out.append(s, Math.min(at, s.length()), s.length()).toString();
    }

    /** What an expression must compute. */
    enum Want {
        BOOL,
        STRING,
        ANY
    }

    /** Compiles a condition, a text or a value; null (with a problem recorded) when it does not check. */
    Expr compile(String pointer, JsonNode text, Want want) {
        return compile(pointer, text, want, null, null);
    }

    /** Compiles an expression that also sees {@code value}, typed as the state field at {@code path}. */
    Expr compileWithValue(String pointer, JsonNode text, Want want, String path) {
        return compile(pointer, text, want, path, null);
    }

    /** Compiles a value for {@code target}; its type must fit the field's. */
    Expr compileFor(String pointer, JsonNode text, FieldSpec target, String valuePath) {
        return compile(pointer, text, Want.ANY, valuePath, target);
    }

    private Expr compile(String pointer, JsonNode text, Want want, String valuePath, FieldSpec target) {
        if (text == null || !text.isString() || text.asString().isBlank()) {
            problems.add(source.at(pointer, "must be a CEL expression (a string)"));
            return null;
        }
        String expression = text.asString();
        Cel env = valuePath == null
                ? cel
                : cel.toCelBuilder()
                        .addVar("value", types.type("stepwise.State." + valuePath, state.resolve(valuePath)))
                        .build();
        CelAbstractSyntaxTree ast;
        try {
            ast = env.compile(expression).getAst();
        } catch (CelValidationException e) {
            for (CelIssue issue : e.getErrors()) {
                int line = issue.getSourceLocation().getLine();
                int column = issue.getSourceLocation().getColumn();
                String where = line <= 1 ? "" : " (expression line " + line + ")";
                problems.add(source.inside(
                        pointer, line <= 1 ? Math.max(column, 0) : 0, "CEL: " + issue.getMessage() + where));
            }
            return null;
        }
        CelType result = ast.getResultType();
        String mismatch = mismatch(result, want, target);
        if (mismatch != null) {
            problems.add(source.at(pointer, mismatch));
            return null;
        }
        try {
            return new Expr(source.at(pointer, "").toString(), env.createProgram(ast), this, target);
        } catch (CelException e) {
            problems.add(source.at(pointer, "CEL: " + e.getMessage()));
            return null;
        }
    }

    private String mismatch(CelType result, Want want, FieldSpec target) {
        if (result.kind() == CelKind.DYN || result.kind() == CelKind.ERROR) {
            return null;
        }
        if (want == Want.BOOL && result.kind() != CelKind.BOOL) {
            return "must compute a bool (true or false), not " + result.name();
        }
        if (want == Want.STRING && result.kind() != CelKind.STRING) {
            return "must compute a string, not " + result.name() + " (convert with string(...))";
        }
        if (target == null || result.kind() == CelKind.NULL_TYPE) {
            return null;
        }
        CelType expected = target.type() == FieldType.OBJECT
                ? MapType.create(SimpleType.STRING, SimpleType.DYN)
                : types.type("stepwise.Target", target);
        boolean fits = expected.isAssignableFrom(result)
                || (target.type() == FieldType.OBJECT
                        && result instanceof MapType map
                        && (map.keyType().kind() == CelKind.STRING
                                || map.keyType().kind() == CelKind.DYN))
                || (expected.kind() == CelKind.DOUBLE && result.kind() == CelKind.INT)
                || (expected.kind() == CelKind.STRUCT && result.kind() == CelKind.MAP)
                || (expected.kind() == CelKind.LIST && result.kind() == CelKind.LIST);
        return fits
                ? null
                : "computes " + result.name() + " but field '" + target.name() + "' is "
                        + target.type().name().toLowerCase(Locale.ROOT);
    }

    /** The variables of one evaluation. */
    Map<String, Object> activation(NodeContext ctx, Object value) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("state", CelValues.in(state, ctx.state().toJson()));
        vars.put(
                "user",
                ctx.user().available() ? CelValues.in(user, ctx.user().state().toJson()) : Map.of());
        vars.put(
                "project",
                ctx.project().available()
                        ? CelValues.in(project, ctx.project().state().toJson())
                        : Map.of());
        Map<String, Object> request = new HashMap<>();
        ctx.request().forEach((k, v) -> request.put(k, CelValues.dyn(v)));
        vars.put("request", request);
        vars.put("intent", ctx.intent() == null ? "" : ctx.intent());
        if (value != null) {
            vars.put("value", value);
        }
        return vars;
    }

    /** A compiled expression; evaluating it never does I/O and stays within the iteration budget. */
    static final class Expr {
        private final String where;
        private final CelRuntime.Program program;
        private final Expressions owner;
        private final FieldSpec target;

        Expr(String where, CelRuntime.Program program, Expressions owner, FieldSpec target) {
            this.where = where.endsWith(": ") ? where.substring(0, where.length() - 2) : where;
            this.program = program;
            this.owner = owner;
            this.target = target;
        }

        /** Evaluates against the call's context (and {@code value}, or null). */
        Object eval(NodeContext ctx, Object value) {
            try {
                return program.eval(owner.activation(ctx, value));
            } catch (CelEvaluationException e) {
                throw new ExpressionFailed(where + ": " + e.getMessage());
            }
        }

        boolean test(NodeContext ctx, Object value) {
            Object result = eval(ctx, value);
            if (!(result instanceof Boolean bool)) {
                throw new ExpressionFailed(where + ": computed a "
                        + CelValues.out(result).getNodeType() + " where true or false was needed");
            }
            return bool;
        }

        String text(NodeContext ctx, Object value) {
            Object result = eval(ctx, value);
            String text = result instanceof String s ? s : CelValues.out(result).asString();
            if (text.length() > MAX_VALUE_CHARS) {
                throw new ExpressionFailed(where + ": computed a text of " + text.length()
                        + " characters; an expression computes at most " + MAX_VALUE_CHARS + " characters");
            }
            return text;
        }

        JsonNode json(NodeContext ctx, Object value) {
            JsonNode out;
            try {
                out = CelValues.out(eval(ctx, value));
            } catch (IllegalArgumentException e) {
                throw new ExpressionFailed(where + ": " + e.getMessage());
            }
            if (chars(out, 0) > MAX_VALUE_CHARS) {
                throw new ExpressionFailed(where + ": computed a value of more than " + MAX_VALUE_CHARS
                        + " characters; an expression computes at most " + MAX_VALUE_CHARS + " characters");
            }
            return out;
        }

        /** Roughly the characters of a value's JSON, counting no further than past the limit. */
        private static long chars(JsonNode node, long sum) {
            if (sum > MAX_VALUE_CHARS) {
                return sum;
            }
            if (node.isString()) {
                return sum + node.asString().length() + 2;
            }
            if (!node.isContainer()) {
                return sum + 8;
            }
            long total = sum + 2;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                total = chars(e.getValue(), total + e.getKey().length() + 4);
            }
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                total = chars(node.get(i), total + 1);
            }
            return total;
        }

        FieldSpec target() {
            return target;
        }
    }

    /** An expression failed at run time; the engine fails the turn with {@code NODE_FAILED}. */
    static final class ExpressionFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExpressionFailed(String message) {
            super(message, null, false, false);
        }
    }
}
