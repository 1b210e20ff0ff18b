package dev.stepwise.flow;

/** Chooses the next node of a conditional edge; must return one of the edge's declared targets. */
@FunctionalInterface
public interface Router {

    String route(NodeContext ctx);
}
