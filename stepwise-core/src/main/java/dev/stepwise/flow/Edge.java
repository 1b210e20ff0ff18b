package dev.stepwise.flow;

import java.util.List;
import java.util.Objects;

/** The way out of a node (or of {@link Flow#START}). */
public sealed interface Edge {

    String from();

    /** Every node this edge may lead to. */
    List<String> targets();

    /** Always leads to {@code to}. */
    record Direct(String from, String to) implements Edge {
        public Direct {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public List<String> targets() {
            return List.of(to);
        }
    }

    /** Leads to whichever declared target the router picks. */
    record Conditional(String from, List<String> targets, Router router) implements Edge {
        public Conditional {
            Objects.requireNonNull(from, "from");
            targets = List.copyOf(targets);
            Objects.requireNonNull(router, "router");
        }
    }
}
