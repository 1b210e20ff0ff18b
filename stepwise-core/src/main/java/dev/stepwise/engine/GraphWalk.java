package dev.stepwise.engine;

import dev.stepwise.flow.Ask;
import dev.stepwise.flow.Edge;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.InvalidAnswer;
import dev.stepwise.flow.Node;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.Question;
import dev.stepwise.flow.State;
import dev.stepwise.internal.json.JsonPaths;
import dev.stepwise.internal.json.PlainTrees;
import dev.stepwise.json.Json;
import dev.stepwise.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Walks a flow's graph for one turn: executes nodes from a position until one pauses (a question
 * without an answer, a widget to show) or END is reached, and builds the response the model gets.
 */
final class GraphWalk {

    private static final Logger log = LoggerFactory.getLogger(GraphWalk.class);

    private final Turn turn;
    private final Flow flow;

    private GraphWalk(Turn turn) {
        this.turn = turn;
        this.flow = turn.flow();
    }

    /** Runs {@code turn} from the flow's first node. */
    static Turn.Outcome fromStart(Turn turn) {
        return new GraphWalk(turn)
                .run(
                        Objects.requireNonNull(turn.flow().edgeFrom(Flow.START), "start edge")
                                .targets()
                                .get(0),
                        false);
    }

    /**
     * Runs {@code turn} from the node the session was waiting at (a display-only widget there counts
     * as shown).
     *
     * @throws TurnFailure for node failures, loops and graph errors
     */
    static Turn.Outcome resume(Turn turn, String waitingAt) {
        return new GraphWalk(turn).run(waitingAt, true);
    }

    private Turn.Outcome run(String position, boolean resuming) {
        int steps = 0;
        boolean first = resuming;
        while (!Flow.END.equals(position)) {
            if (++steps > flow.loopLimit()) {
                throw new TurnFailure(
                        ErrorCode.LOOP_LIMIT, ModelTexts.loopLimit(flow.id(), flow.loopLimit(), position));
            }
            Node node = flow.node(position);
            if (node == null) {
                throw new TurnFailure(ErrorCode.INTERNAL, ModelTexts.noSuchNode(flow.id(), flow.version(), position));
            }
            turn.visits().add(new Visit(position, turn.clock().instant()));
            if (node instanceof Node.AskNode askNode) {
                Turn.Outcome paused = ask(askNode);
                if (paused != null) {
                    return paused;
                }
            } else if (node instanceof Node.ActionNode action) {
                merge(runAction(action));
            } else if (node instanceof Node.WidgetNode widget) {
                boolean filled =
                        widget.field() != null && JsonPaths.isAnswered(JsonPaths.get(turn.stateNode(), widget.field()));
                if (!filled && !(widget.field() == null && first)) {
                    return new Turn.Outcome.Paused(position, widget(widget));
                }
            }
            position = next(node);
            first = false;
        }
        return new Turn.Outcome.Completed(new FlowResponse.Complete(turn.meta(), result(), false));
    }

    private Turn.@Nullable Outcome ask(Node.AskNode node) {
        Ask ask;
        try {
            ask = node.ask(turn);
        } catch (RuntimeException e) {
            throw nodeFailed(node, e);
        }
        List<Question> open = new ArrayList<>();
        for (Question q : ask.questions()) {
            if (StateUpdates.resolve(flow.schema(), q.field()) == null) {
                throw new TurnFailure(ErrorCode.NODE_FAILED, ModelTexts.undeclaredAsk(node.id(), q.field()));
            }
            if (!JsonPaths.isAnswered(JsonPaths.get(turn.stateNode(), q.field()))) {
                open.add(q);
            }
        }
        if (!open.isEmpty()) {
            return new Turn.Outcome.Paused(node.id(), interrupt(ask, open));
        }
        for (Question q : ask.questions()) {
            if (q.validator() == null) {
                continue;
            }
            Patch patch;
            try {
                patch = q.validator()
                        .validate(Objects.requireNonNull(JsonPaths.get(turn.stateNode(), q.field())), turn);
            } catch (InvalidAnswer rejected) {
                JsonPaths.remove(turn.stateNode(), q.field());
                turn.refuse(q.field(), rejected.getMessage());
                return new Turn.Outcome.Paused(node.id(), interrupt(ask, List.of(q)));
            } catch (RuntimeException e) {
                throw nodeFailed(node, e);
            }
            merge(patch);
        }
        return null;
    }

    private Patch runAction(Node.ActionNode node) {
        try {
            return node.action().run(turn);
        } catch (TurnFailure e) {
            throw e;
        } catch (Exception e) {
            throw nodeFailed(node, e);
        }
    }

    private String next(Node node) {
        Edge edge = flow.edgeFrom(node.id());
        if (edge instanceof Edge.Direct direct) {
            return direct.to();
        }
        if (!(edge instanceof Edge.Conditional conditional)) {
            throw new TurnFailure(ErrorCode.NODE_FAILED, ModelTexts.noEdge(node.id()));
        }
        String target;
        try {
            target = conditional.router().route(turn);
        } catch (RuntimeException e) {
            throw nodeFailed(node, e);
        }
        if (!conditional.targets().contains(target)) {
            throw new TurnFailure(
                    ErrorCode.NODE_FAILED, ModelTexts.undeclaredBranch(node.id(), target, conditional.targets()));
        }
        return target;
    }

    private void merge(Patch patch) {
        if (patch != null && !patch.isEmpty()) {
            patch.applyTo(turn.stateNode());
        }
    }

    private FlowResponse.Interrupt interrupt(Ask ask, List<Question> open) {
        List<FlowResponse.AskedQuestion> asked = new ArrayList<>();
        for (Question q : open) {
            asked.add(new FlowResponse.AskedQuestion(
                    q.field(),
                    q.text(),
                    turn.texts().hint(q.field()),
                    q.suggestions(),
                    ModelTexts.questionContext(turn.fieldErrors().get(q.field()), q.context())));
        }
        Map<String, String> refusedElsewhere = turn.fieldErrors();
        if (!refusedElsewhere.isEmpty()) {
            refusedElsewhere = new LinkedHashMap<>(refusedElsewhere);
            for (Question q : open) {
                refusedElsewhere.remove(q.field());
            }
        }
        return new FlowResponse.Interrupt(
                turn.meta(), asked, ModelTexts.interruptContext(ask.context(), refusedElsewhere));
    }

    private FlowResponse.Widget widget(Node.WidgetNode node) {
        JsonNode data;
        try {
            data = node.data() == null
                    ? Json.object()
                    : PlainTrees.of(node.data().apply(turn));
        } catch (RuntimeException e) {
            throw nodeFailed(node, e);
        }
        String refusal = node.field() == null ? null : turn.fieldErrors().get(node.field());
        return new FlowResponse.Widget(
                turn.meta(),
                node.tool(),
                data,
                turn.texts().widgetDescription(node),
                node.interactive(),
                node.field(),
                node.field() == null ? null : turn.texts().hint(node.field()),
                ModelTexts.widgetRefusal(refusal));
    }

    private JsonNode result() {
        if (flow.result() == null) {
            return turn.stateNode().deepCopy();
        }
        try {
            // a view, as node code gets: whatever of it the mapping returns becomes a new tree
            return PlainTrees.of(flow.result().apply(State.view(turn.stateNode())));
        } catch (RuntimeException e) {
            log.warn("result mapping of flow '{}' failed", flow.id(), e);
            throw new TurnFailure(ErrorCode.NODE_FAILED, ModelTexts.resultFailed(flow.id(), e.getMessage()));
        }
    }

    private TurnFailure nodeFailed(Node node, Exception e) {
        if (e instanceof StoreException storeFailure) {
            throw storeFailure;
        }
        if (e instanceof TurnFailure failure) {
            // e.g. IN_PROGRESS from a once-only step another call holds: keep its code
            throw failure;
        }
        log.warn("node '{}' of flow '{}' failed", node.id(), flow.id(), e);
        return new TurnFailure(ErrorCode.NODE_FAILED, ModelTexts.nodeFailed(node.id(), e.getMessage()));
    }
}
