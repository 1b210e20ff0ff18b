package dev.stepwise.engine;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.Migration;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The flows an engine runs: every registered version of each flow, the newest being current. */
final class FlowRegistry {

    private final Map<String, Map<String, Flow>> versions = new LinkedHashMap<>();
    private final Map<String, Map<String, Route>> migrations = new LinkedHashMap<>();
    private final Map<Flow, FlowTexts> texts = new IdentityHashMap<>();

    record Route(String toVersion, Migration migration) {}

    void register(Flow flow) {
        Map<String, Flow> byVersion = versions.computeIfAbsent(flow.id(), id -> new LinkedHashMap<>());
        if (byVersion.containsKey(flow.version())) {
            throw new IllegalArgumentException(
                    "flow '" + flow.id() + "' version " + flow.version() + " is registered twice");
        }
        byVersion.put(flow.version(), flow);
        texts.put(flow, new FlowTexts(flow));
    }

    void migration(String flowId, String from, String to, Migration migration) {
        migrations.computeIfAbsent(flowId, id -> new LinkedHashMap<>()).put(from, new Route(to, migration));
    }

    void check() {
        migrations.forEach((flowId, routes) -> routes.forEach((from, route) -> {
            if (version(flowId, route.toVersion()) == null) {
                throw new IllegalArgumentException("migration of flow '" + flowId + "' from " + from
                        + " targets version " + route.toVersion() + ", which is not registered");
            }
        }));
    }

    /** The current (last registered) version of a flow, or null. */
    @Nullable Flow current(String flowId) {
        Map<String, Flow> byVersion = versions.get(flowId);
        if (byVersion == null) {
            return null;
        }
        @Nullable Flow last = null;
        for (Flow flow : byVersion.values()) {
            last = flow;
        }
        return last;
    }

    @Nullable Flow version(String flowId, String version) {
        Map<String, Flow> byVersion = versions.get(flowId);
        return byVersion == null ? null : byVersion.get(version);
    }

    @Nullable Route route(String flowId, String fromVersion) {
        Map<String, Route> routes = migrations.get(flowId);
        return routes == null ? null : routes.get(fromVersion);
    }

    /** What the engine tells the model about a registered flow's fields and widgets. */
    FlowTexts texts(Flow flow) {
        return Objects.requireNonNull(
                texts.get(flow), () -> "flow '" + flow.id() + "' " + flow.version() + " is not registered");
    }

    /** The current version of every flow. */
    List<Flow> currentFlows() {
        return versions.keySet().stream().map(this::current).toList();
    }

    Collection<String> ids() {
        return versions.keySet();
    }
}
