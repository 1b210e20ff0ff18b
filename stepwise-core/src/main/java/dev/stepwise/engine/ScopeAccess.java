package dev.stepwise.engine;

import dev.stepwise.flow.FieldCheck;
import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.json.Json;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.Expect;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes user and project scopes from application code, outside any flow. */
final class ScopeAccess {

    private static final int MAX_ATTEMPTS = 100;

    private final FlowRegistry registry;
    private final VersionedStore store;

    ScopeAccess(FlowRegistry registry, VersionedStore store) {
        this.registry = registry;
        this.store = store;
    }

    Optional<State> state(ScopeRef scope) {
        return store.read(key(scope)).map(s -> State.of(ScopeWriter.state(Optional.of(s))));
    }

    void set(ScopeRef scope, String path, Object value) {
        FieldSpec spec = declared(scope, path);
        ObjectNode op = Json.object();
        op.put("op", "set");
        op.put("path", path);
        op.set("value", FieldCheck.accept(spec, value));
        StoreKey key = key(scope);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Stored> stored = store.read(key);
            ObjectNode doc = stored.map(s -> Json.parseObject(s.value())).orElseGet(() -> {
                ObjectNode empty = Json.object();
                empty.put("format", 1);
                empty.putObject("state");
                empty.putObject("applied");
                return empty;
            });
            TurnScope.apply((ObjectNode) doc.get("state"), op);
            Expect expect = stored.map(s -> Expect.version(s.version())).orElse(Expect.absent());
            WriteResult result = store.write(new Write(key, Json.bytes(doc), expect, ScopeWriter.SCOPE_TTL,
                    new RecordAttributes(null, null, scope.kind().equals("user") ? scope.id() : null), List.of()));
            if (result instanceof WriteResult.Written) {
                return;
            }
        }
        throw new IllegalStateException("scope " + scope + " kept changing; field '" + path + "' was not set");
    }

    private FieldSpec declared(ScopeRef scope, String path) {
        for (Flow flow : registry.currentFlows()) {
            FieldSpec spec = (scope.kind().equals("user") ? flow.userSchema() : flow.projectSchema()).resolve(path);
            if (spec != null) {
                return spec;
            }
        }
        throw new IllegalArgumentException("no registered flow declares " + scope.kind() + " scope field '" + path + "'");
    }

    private static StoreKey key(ScopeRef scope) {
        if (scope.kind().equals("session")) {
            throw new IllegalArgumentException("use state(flowId, sessionId) for session scopes");
        }
        return new StoreKey(scope.kind().equals("user") ? RecordKind.USER : RecordKind.PROJECT, scope.id());
    }
}
