package dev.stepwise.flowfile;

import dev.stepwise.flow.Action;
import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Edge;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowBuilder;
import dev.stepwise.flow.FlowDefinitionException;
import dev.stepwise.flow.InvalidAnswer;
import dev.stepwise.flow.Migration;
import dev.stepwise.flow.Node;
import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.Question;
import dev.stepwise.flow.State;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.flow.Validator;
import dev.stepwise.flowfile.Expressions.Expr;
import dev.stepwise.flowfile.Expressions.Want;
import dev.stepwise.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a read flow file into a {@link Flow} through the public builder, collecting every problem
 * with its place in the file. The engine runs the result like any Java flow.
 */
final class FlowFileReader {

    private static final Set<String> TOP = Set.of(
            "id",
            "version",
            "title",
            "description",
            "sessionTtl",
            "loopLimit",
            "annotations",
            "state",
            "userScope",
            "projectScope",
            "nodes",
            "edges",
            "result",
            "versioning");
    private static final Set<String> VERSIONING = Set.of("policy", "migrate");
    private static final Set<String> MIGRATE = Set.of("from", "nodes", "set");
    private static final Set<String> KINDS = Set.of("ask", "set", "action", "webhook", "widget");
    private static final Set<String> ASK = Set.of("questions", "context");
    private static final Set<String> QUESTION =
            Set.of("field", "text", "textExpr", "suggestions", "context", "rules", "set");
    private static final Set<String> RULE = Set.of("rule", "message");
    private static final Set<String> WIDGET = Set.of("tool", "field", "data", "displayOnly", "description");
    private static final Set<String> WEBHOOK = Set.of("url", "timeout", "retries");
    private static final Set<String> EDGE = Set.of("from", "to", "branch");
    private static final Set<String> BRANCH = Set.of("when", "to");

    private final Source source;
    private final ActionRegistry actions;
    private final WebhookSettings webhooks;
    private final List<Problem> problems = new ArrayList<>();
    private Expressions expressions;
    private StateSchema state;

    FlowFileReader(Source source, ActionRegistry actions, WebhookSettings webhooks) {
        this.source = source;
        this.actions = actions;
        this.webhooks = webhooks;
    }

    FlowFile read() {
        JsonNode root = source.root();
        if (!Keys.check(source, problems, "", root, TOP)) {
            throw invalid();
        }
        String id = text("/id", root.get("id"), true);
        FlowBuilder flow = Flow.builder(id == null ? "invalid" : id);
        optionalText("/version", root.get("version"), flow::version);
        optionalText("/title", root.get("title"), flow::title);
        optionalText("/description", root.get("description"), flow::description);
        optionalText("/sessionTtl", root.get("sessionTtl"), ttl -> {
            try {
                flow.sessionTtl(Duration.parse(ttl));
            } catch (DateTimeParseException e) {
                problems.add(source.at("/sessionTtl", "must be an ISO-8601 duration like PT24H or P7D"));
            }
        });
        JsonNode loopLimit = root.get("loopLimit");
        if (loopLimit != null) {
            if (loopLimit.isIntegralNumber() && loopLimit.canConvertToInt() && loopLimit.intValue() > 0) {
                flow.loopLimit(loopLimit.intValue());
            } else {
                problems.add(source.at("/loopLimit", "must be a whole number of at least 1"));
            }
        }
        JsonNode annotations = root.get("annotations");
        if (annotations != null) {
            if (annotations instanceof ObjectNode object) {
                flow.annotations(object);
            } else {
                problems.add(source.at("/annotations", "must be a mapping (MCP tool annotations)"));
            }
        }
        SchemaReader schemas = new SchemaReader(source, problems);
        state = schemas.schema("/state", root.get("state"));
        StateSchema user = schemas.schema("/userScope", root.get("userScope"));
        StateSchema project = schemas.schema("/projectScope", root.get("projectScope"));
        flow.state(state).userScope(user).projectScope(project);
        userSchema = user;
        projectSchema = project;
        expressions = new Expressions(source, problems, state, user, project);

        Set<String> nodeIds = nodes(flow, root.get("nodes"));
        edges(flow, root.get("edges"), nodeIds);
        result(flow, root.get("result"));
        Versioning versioning = versioning(root.get("versioning"), nodeIds);
        if (!problems.isEmpty()) {
            throw invalid();
        }
        try {
            Flow built = flow.build();
            if (versioning.policy() == Versioning.Policy.RESTART
                    && !(built.edgeFrom(Flow.START) instanceof Edge.Direct)) {
                problems.add(
                        source.at(
                                "/versioning/policy",
                                "restart needs a plain first edge {from: __start__, to: NODE}: sessions start over at that node"));
                throw invalid();
            }
            return new FlowFile(built, versioning);
        } catch (FlowDefinitionException e) {
            for (String problem : e.problems()) {
                problems.add(locate(problem));
            }
            throw invalid();
        }
    }

    /**
     * A problem of the flow checks ({@link FlowBuilder#build()}) placed at what it names, in the
     * words of the file rather than of the Java DSL.
     */
    private Problem locate(String problem) {
        String message = problem.replace("edge(Flow.START, \"<first node>\")", "{from: __start__, to: <first node>}")
                .replace("Flow.END", "__end__")
                .replace("START", Flow.START)
                .replace("branch(...)", "one edge with 'branch'");
        for (String key : List.of("id", "version", "sessionTtl", "loopLimit")) {
            if (problem.startsWith(key + " ") || problem.startsWith("flow " + key + " ")) {
                return source.at("/" + key, message);
            }
        }
        if (problem.startsWith("no edge from START")) {
            return source.at("/edges", message);
        }
        Matcher node = NODE_PROBLEM.matcher(problem);
        if (node.lookingAt()) {
            return source.atKey("/nodes/" + node.group(1).replace("~", "~0").replace("/", "~1"), message);
        }
        return source.at("", message);
    }

    private static final Pattern NODE_PROBLEM = Pattern.compile("(?:ask |widget )?node '([^']+)'");

    private FlowFileException invalid() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return new FlowFileException("FLOW_FILE_INVALID", sorted);
    }

    private Set<String> nodes(FlowBuilder flow, JsonNode nodes) {
        Set<String> ids = new LinkedHashSet<>();
        if (nodes == null || !nodes.isObject() || nodes.isEmpty()) {
            problems.add(source.at("/nodes", "a flow needs 'nodes': a mapping of node ids to nodes"));
            return ids;
        }
        for (String id : nodes.propertyNames()) {
            String pointer = "/nodes/" + id;
            ids.add(id);
            JsonNode node = nodes.get(id);
            if (!Keys.check(source, problems, pointer, node, KINDS)) {
                continue;
            }
            if (node.size() != 1) {
                problems.add(source.atKey(
                        pointer, "node '" + id + "' must have exactly one of: ask, set, action, webhook, widget"));
                continue;
            }
            if (!Node.ID.matcher(id).matches() || id.equals(Flow.START) || id.equals(Flow.END)) {
                problems.add(
                        source.atKey(pointer, "node id '" + id + "' must match " + Node.ID + " and not be reserved"));
                continue;
            }
            String kind = node.propertyNames().iterator().next();
            JsonNode body = node.get(kind);
            String at = pointer + "/" + kind;
            switch (kind) {
                case "ask" -> ask(flow, id, at, body);
                case "set" -> set(flow, id, at, body);
                case "action" -> action(flow, id, at, body);
                case "webhook" -> webhook(flow, id, at, body);
                default -> widget(flow, id, at, body);
            }
        }
        return ids;
    }

    private void ask(FlowBuilder flow, String id, String pointer, JsonNode body) {
        if (!Keys.check(source, problems, pointer, body, ASK)) {
            return;
        }
        String context = text(pointer + "/context", body.get("context"), false);
        JsonNode list = body.get("questions");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(source.at(pointer, "an ask needs 'questions': a list of at least one question"));
            return;
        }
        List<Function<NodeContext, Question>> questions = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        boolean dynamic = false;
        for (int i = 0; i < list.size(); i++) {
            String at = pointer + "/questions/" + i;
            JsonNode q = list.get(i);
            if (!Keys.check(source, problems, at, q, QUESTION)) {
                continue;
            }
            if (q.path("field").isString() && !fields.add(q.path("field").asString())) {
                problems.add(source.at(pointer, "an ask asks the same field twice"));
                return;
            }
            dynamic |= q.has("textExpr");
            Function<NodeContext, Question> question = question(at, q);
            if (question != null) {
                questions.add(question);
            }
        }
        if (questions.size() != list.size()) {
            return;
        }
        Function<NodeContext, Ask> build = ctx -> {
            Ask.Builder ask = Ask.builder();
            questions.forEach(q -> ask.question(q.apply(ctx)));
            if (context != null) {
                ask.context(context);
            }
            return ask.build();
        };
        try {
            if (dynamic) {
                flow.askWith(id, build);
            } else {
                Ask fixed = build.apply(null);
                flow.ask(id, a -> {
                    fixed.questions().forEach(a::question);
                    return fixed.context() == null ? a : a.context(fixed.context());
                });
            }
        } catch (IllegalArgumentException e) {
            problems.add(source.at(pointer, e.getMessage()));
        }
    }

    private Function<NodeContext, Question> question(String pointer, JsonNode q) {
        String field = text(pointer + "/field", q.get("field"), true);
        if (field == null) {
            return null;
        }
        FieldSpec spec = resolve(state, field);
        if (spec == null) {
            problems.add(
                    source.at(pointer + "/field", "asks for field '" + field + "', which 'state' does not declare"));
            return null;
        }
        if (spec.computed()) {
            problems.add(source.at(
                    pointer + "/field",
                    "asks for computed field '" + field + "', which the flow sets itself: a call cannot answer it"));
            return null;
        }
        String text = text(pointer + "/text", q.get("text"), false);
        Expr textExpr =
                q.has("textExpr") ? expressions.compile(pointer + "/textExpr", q.get("textExpr"), Want.STRING) : null;
        if ((text == null) == (!q.has("textExpr"))) {
            problems.add(source.at(pointer, "a question needs exactly one of 'text' (fixed) or 'textExpr' (CEL)"));
            return null;
        }
        List<String> suggestions = new ArrayList<>();
        JsonNode s = q.get("suggestions");
        if (s != null) {
            if (!s.isArray() || !s.valueStream().allMatch(JsonNode::isString)) {
                problems.add(source.at(pointer + "/suggestions", "must be a list of strings"));
            } else {
                s.forEach(item -> suggestions.add(item.asString()));
            }
        }
        String context = text(pointer + "/context", q.get("context"), false);
        Validator validator = validator(pointer, q, spec, field);
        if (q.has("textExpr") && textExpr == null) {
            return null;
        }
        return ctx -> {
            Question.Builder b = Question.on(field, textExpr == null ? text : textExpr.text(ctx, null))
                    .suggestions(suggestions.toArray(String[]::new));
            if (context != null) {
                b.context(context);
            }
            if (validator != null) {
                b.validator(validator);
            }
            return b.build();
        };
    }

    private Validator validator(String pointer, JsonNode q, FieldSpec spec, String field) {
        List<Expr> rules = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        JsonNode list = q.get("rules");
        if (list != null) {
            if (!list.isArray()) {
                problems.add(source.at(pointer + "/rules", "must be a list of {rule, message}"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    String at = pointer + "/rules/" + i;
                    if (!Keys.check(source, problems, at, list.get(i), RULE)) {
                        continue;
                    }
                    Expr rule = expressions.compileWithValue(
                            at + "/rule", list.get(i).get("rule"), Want.BOOL, field);
                    String message = text(at + "/message", list.get(i).get("message"), true);
                    if (rule != null && message != null) {
                        rules.add(rule);
                        messages.add(message);
                    }
                }
            }
        }
        Map<String, Expr> sets = assignments(pointer + "/set", q.get("set"), field);
        if (rules.isEmpty() && sets.isEmpty()) {
            return null;
        }
        return (value, ctx) -> {
            Object celValue = CelValues.in(spec, value);
            for (int i = 0; i < rules.size(); i++) {
                if (!rules.get(i).test(ctx, celValue)) {
                    throw InvalidAnswer.because(messages.get(i));
                }
            }
            return patch(sets, ctx, celValue);
        };
    }

    /** Reads {@code path: expression} pairs; paths may start with {@code user.} or {@code project.} to write a scope. */
    private Map<String, Expr> assignments(String pointer, JsonNode node, String valuePath) {
        Map<String, Expr> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!node.isObject() || node.isEmpty()) {
            problems.add(source.at(pointer, "must map field paths to CEL expressions"));
            return out;
        }
        for (String path : node.propertyNames()) {
            String at = pointer + "/" + path.replace("~", "~0").replace("/", "~1");
            FieldSpec target = target(path);
            if (target == null) {
                problems.add(source.atKey(
                        at, "sets '" + path + "', which is not a declared field of state, user. or project."));
                continue;
            }
            Expr expr = expressions.compileFor(at, node.get(path), target, valuePath);
            if (expr != null) {
                out.put(path, expr);
            }
        }
        return out;
    }

    private FieldSpec target(String path) {
        if (path.startsWith("user.")) {
            return resolve(userSchema, path.substring(5));
        }
        if (path.startsWith("project.")) {
            return resolve(projectSchema, path.substring(8));
        }
        return resolve(state, path);
    }

    private StateSchema userSchema = StateSchema.builder().build();
    private StateSchema projectSchema = StateSchema.builder().build();

    /** The field at a dot path, or null when it is not declared or the path is malformed ({@code a..b}). */
    private static FieldSpec resolve(StateSchema schema, String path) {
        try {
            return schema == null ? null : schema.resolve(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Patch patch(Map<String, Expr> sets, NodeContext ctx, Object value) {
        Patch patch = Patch.empty();
        for (Map.Entry<String, Expr> e : sets.entrySet()) {
            JsonNode computed = e.getValue().json(ctx, value);
            String path = e.getKey();
            if (path.startsWith("user.")) {
                ctx.user().set(path.substring(5), computed);
            } else if (path.startsWith("project.")) {
                ctx.project().set(path.substring(8), computed);
            } else {
                patch = patch.with(path, computed);
            }
        }
        return patch;
    }

    private void set(FlowBuilder flow, String id, String pointer, JsonNode body) {
        Map<String, Expr> sets = assignments(pointer, body, null);
        flow.action(id, ctx -> patch(sets, ctx, null));
    }

    private void action(FlowBuilder flow, String id, String pointer, JsonNode body) {
        String name = text(pointer, body, true);
        if (name == null) {
            return;
        }
        Action action = actions.get(name);
        if (action == null) {
            problems.add(source.at(
                    pointer,
                    "action '" + name + "' is not registered by the host (registered: "
                            + (actions.names().isEmpty() ? "none" : String.join(", ", actions.names())) + ")"));
            return;
        }
        flow.action(id, action);
    }

    private void webhook(FlowBuilder flow, String id, String pointer, JsonNode body) {
        if (!Keys.check(source, problems, pointer, body, WEBHOOK)) {
            return;
        }
        String url = text(pointer + "/url", body.get("url"), true);
        if (url == null) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            problems.add(source.at(pointer + "/url", "is not a URL"));
            return;
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            problems.add(source.at(pointer + "/url", "must be an http or https URL"));
            return;
        }
        if (uri.getHost() == null) {
            problems.add(source.at(pointer + "/url", "must be an http or https URL with a host"));
            return;
        }
        if (!webhooks.allows(uri.getHost())) {
            problems.add(source.at(
                    pointer + "/url",
                    "host '" + uri.getHost() + "' is not in the webhook allow-list (allowed: "
                            + (webhooks.allowedHosts().isEmpty()
                                    ? "none"
                                    : String.join(", ", new TreeSet<>(webhooks.allowedHosts())))
                            + ")"));
            return;
        }
        Duration timeout = Duration.ofSeconds(10);
        String t = text(pointer + "/timeout", body.get("timeout"), false);
        if (t != null) {
            try {
                timeout = Duration.parse(t);
            } catch (DateTimeParseException e) {
                problems.add(source.at(pointer + "/timeout", "must be an ISO-8601 duration like PT5S"));
                return;
            }
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(webhooks.maxTimeout()) > 0) {
                problems.add(source.at(pointer + "/timeout", "must be positive and at most " + webhooks.maxTimeout()));
                return;
            }
        }
        int retries = 2;
        JsonNode r = body.get("retries");
        if (r != null) {
            if (!r.isIntegralNumber() || r.intValue() < 0 || r.intValue() > webhooks.maxRetries()) {
                problems.add(
                        source.at(pointer + "/retries", "must be a whole number from 0 to " + webhooks.maxRetries()));
                return;
            }
            retries = r.intValue();
        }
        flow.action(id, new WebhookAction(id, uri, timeout, retries, webhooks.maxResponseBytes(), state));
    }

    private void widget(FlowBuilder flow, String id, String pointer, JsonNode body) {
        if (!Keys.check(source, problems, pointer, body, WIDGET)) {
            return;
        }
        String tool = text(pointer + "/tool", body.get("tool"), true);
        String field = text(pointer + "/field", body.get("field"), false);
        FieldSpec spec = field == null ? null : resolve(state, field);
        if (field != null && spec == null) {
            problems.add(source.at(pointer + "/field", "field '" + field + "' is not declared in 'state'"));
        } else if (spec != null && spec.computed()) {
            problems.add(source.at(
                    pointer + "/field",
                    "fills computed field '" + field + "', which the flow sets itself: a call cannot fill it"));
        }
        Expr data = body.has("data") ? expressions.compile(pointer + "/data", body.get("data"), Want.ANY) : null;
        String description = text(pointer + "/description", body.get("description"), false);
        JsonNode displayOnly = body.get("displayOnly");
        if (displayOnly != null && !displayOnly.isBoolean()) {
            problems.add(source.at(pointer + "/displayOnly", "must be true or false"));
            return;
        }
        if (tool == null) {
            return;
        }
        try {
            flow.widget(id, tool, w -> {
                if (data != null) {
                    w.data(ctx -> data.json(ctx, null));
                }
                if (field != null) {
                    w.field(field);
                }
                if (displayOnly != null && displayOnly.booleanValue()) {
                    w.displayOnly();
                }
                return description == null ? w : w.description(description);
            });
        } catch (IllegalArgumentException e) {
            problems.add(source.at(pointer + "/tool", e.getMessage()));
        }
    }

    private void edges(FlowBuilder flow, JsonNode edges, Set<String> nodeIds) {
        if (edges == null || !edges.isArray() || edges.isEmpty()) {
            problems.add(source.at("/edges", "a flow needs 'edges': a list of {from, to} or {from, branch}"));
            return;
        }
        Set<String> froms = new LinkedHashSet<>();
        for (int i = 0; i < edges.size(); i++) {
            String pointer = "/edges/" + i;
            JsonNode edge = edges.get(i);
            if (!Keys.check(source, problems, pointer, edge, EDGE)) {
                continue;
            }
            String from = endpoint(pointer + "/from", edge.get("from"), nodeIds, true);
            if (from != null && !froms.add(from)) {
                problems.add(source.at(
                        pointer + "/from",
                        "node '" + from + "' has more than one outgoing edge; use one edge with 'branch' to choose"));
                continue;
            }
            if (edge.has("to") == edge.has("branch")) {
                problems.add(source.at(pointer, "an edge needs exactly one of 'to' or 'branch'"));
                continue;
            }
            if (edge.has("to")) {
                String to = endpoint(pointer + "/to", edge.get("to"), nodeIds, false);
                if (from != null && to != null) {
                    flow.edge(from, to);
                }
                continue;
            }
            branch(flow, from, pointer + "/branch", edge.get("branch"), nodeIds);
        }
    }

    private void branch(FlowBuilder flow, String from, String pointer, JsonNode cases, Set<String> nodeIds) {
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            problems.add(source.at(pointer, "must be a list of {when, to}; the last may omit 'when'"));
            return;
        }
        List<Expr> conditions = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < cases.size(); i++) {
            String at = pointer + "/" + i;
            if (!Keys.check(source, problems, at, cases.get(i), BRANCH)) {
                ok = false;
                continue;
            }
            JsonNode when = cases.get(i).get("when");
            if (when == null && i != cases.size() - 1) {
                problems.add(source.at(at, "only the last case may omit 'when' (it is the otherwise)"));
                ok = false;
            }
            Expr condition = when == null ? null : expressions.compile(at + "/when", when, Want.BOOL);
            ok &= when == null || condition != null;
            String to = endpoint(at + "/to", cases.get(i).get("to"), nodeIds, false);
            ok &= to != null;
            conditions.add(condition);
            targets.add(to);
        }
        if (!ok || from == null) {
            return;
        }
        String label = source.at(pointer, "").toString();
        String where = label.endsWith(": ") ? label.substring(0, label.length() - 2) : label;
        flow.branch(from, new ArrayList<>(new LinkedHashSet<>(targets)), ctx -> {
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i) == null || conditions.get(i).test(ctx, null)) {
                    return targets.get(i);
                }
            }
            throw new Expressions.ExpressionFailed(where + ": no case matched; add a last case without 'when'");
        });
    }

    private String endpoint(String pointer, JsonNode node, Set<String> nodeIds, boolean from) {
        String id = text(pointer, node, true);
        if (id == null) {
            return null;
        }
        boolean known = nodeIds.contains(id) || id.equals(from ? Flow.START : Flow.END);
        if (!known) {
            problems.add(source.at(
                    pointer,
                    "dangling edge: no node '" + id + "' (nodes: " + String.join(", ", nodeIds) + ", or "
                            + (from ? Flow.START : Flow.END) + ")"));
            return null;
        }
        return id;
    }

    private Versioning versioning(JsonNode node, Set<String> nodeIds) {
        if (node == null) {
            return Versioning.FINISH_ON_OLD;
        }
        if (!Keys.check(source, problems, "/versioning", node, VERSIONING)) {
            return Versioning.FINISH_ON_OLD;
        }
        String name = text("/versioning/policy", node.get("policy"), false);
        Versioning.Policy policy = Versioning.Policy.FINISH_ON_OLD;
        if (name != null) {
            policy = null;
            for (Versioning.Policy p : Versioning.Policy.values()) {
                if (p.fileName().equals(name)) {
                    policy = p;
                }
            }
            if (policy == null) {
                problems.add(source.at("/versioning/policy", "must be finish-on-old, migrate or restart"));
                return Versioning.FINISH_ON_OLD;
            }
        }
        JsonNode migrate = node.get("migrate");
        if ((policy == Versioning.Policy.MIGRATE) != (migrate != null)) {
            problems.add(source.at(
                    "/versioning", "policy migrate needs 'migrate: {from, nodes, set}', and only migrate takes it"));
            return Versioning.FINISH_ON_OLD;
        }
        if (migrate == null) {
            return new Versioning(policy, null, null);
        }
        if (!Keys.check(source, problems, "/versioning/migrate", migrate, MIGRATE)) {
            return Versioning.FINISH_ON_OLD;
        }
        String from = text("/versioning/migrate/from", migrate.get("from"), true);
        Map<String, String> renames = new LinkedHashMap<>();
        JsonNode nodes = migrate.get("nodes");
        if (nodes != null) {
            if (!nodes.isObject()) {
                problems.add(
                        source.at("/versioning/migrate/nodes", "must map old node ids to node ids of this version"));
            } else {
                for (String old : nodes.propertyNames()) {
                    String to = text("/versioning/migrate/nodes/" + old, nodes.get(old), true);
                    if (to != null && !nodeIds.contains(to)) {
                        problems.add(
                                source.at("/versioning/migrate/nodes/" + old, "no node '" + to + "' in this version"));
                    } else if (to != null) {
                        renames.put(old, to);
                    }
                }
            }
        }
        Map<String, Expr> sets = new LinkedHashMap<>();
        JsonNode set = migrate.get("set");
        if (set != null) {
            for (Map.Entry<String, Expr> e :
                    assignments("/versioning/migrate/set", set, null).entrySet()) {
                if (e.getKey().startsWith("user.") || e.getKey().startsWith("project.")) {
                    problems.add(source.atKey(
                            "/versioning/migrate/set/" + e.getKey(), "a migration sets state fields only"));
                } else {
                    sets.put(e.getKey(), e.getValue());
                }
            }
        }
        if (from == null) {
            return Versioning.FINISH_ON_OLD;
        }
        return new Versioning(policy, from, (oldNode, oldState) -> {
            NodeContext ctx = new StateOnly(State.view(oldState.deepCopy()));
            for (Map.Entry<String, Expr> e : sets.entrySet()) {
                JsonNode value = e.getValue().json(ctx, null);
                String[] parts = e.getKey().split("\\.");
                ObjectNode at = oldState;
                for (int i = 0; i < parts.length - 1; i++) {
                    at = at.get(parts[i]) instanceof ObjectNode child ? child : at.putObject(parts[i]);
                }
                at.set(parts[parts.length - 1], value);
            }
            return new Migration.Result(renames.getOrDefault(oldNode, oldNode), oldState);
        });
    }

    private void result(FlowBuilder flow, JsonNode result) {
        if (result == null) {
            return;
        }
        if (result.isString()) {
            Expr expr = expressions.compile("/result", result, Want.ANY);
            if (expr != null) {
                flow.result(s -> expr.json(new StateOnly(s), null));
            }
            return;
        }
        if (!result.isObject()) {
            problems.add(source.at("/result", "must be a CEL expression or a mapping of names to CEL expressions"));
            return;
        }
        Map<String, Expr> parts = new LinkedHashMap<>();
        for (String name : result.propertyNames()) {
            Expr expr = expressions.compile("/result/" + name, result.get(name), Want.ANY);
            if (expr != null) {
                parts.put(name, expr);
            }
        }
        flow.result(s -> {
            ObjectNode out = Json.object();
            NodeContext ctx = new StateOnly(s);
            parts.forEach((name, expr) -> out.set(name, expr.json(ctx, null)));
            return out;
        });
    }

    private String text(String pointer, JsonNode node, boolean required) {
        if (node == null) {
            if (required) {
                problems.add(source.at(pointer, "needs '" + pointer.substring(pointer.lastIndexOf('/') + 1) + "'"));
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            problems.add(source.at(pointer, "must be a non-empty string"));
            return null;
        }
        return node.asString();
    }

    private void optionalText(String pointer, JsonNode node, Consumer<String> set) {
        String value = text(pointer, node, false);
        if (value != null) {
            set.accept(value);
        }
    }
}
