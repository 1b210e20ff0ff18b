package dev.stepwise.engine;

import dev.stepwise.flow.FieldSpec;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.State;
import dev.stepwise.flow.StateSchema;
import dev.stepwise.internal.flow.FieldCheck;
import dev.stepwise.scope.ScopeKind;
import dev.stepwise.scope.ScopeRef;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.support.CasRetry;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * User and project scopes, read and written by the application outside any flow: the view
 * {@link FlowEngine#scopes()} returns. Thread-safe.
 *
 * <p>A write is a compare-and-set on the scope's record, retried when a concurrent turn or writer
 * got there first, so it never loses another writer's change; a field is accepted only if a
 * registered flow declares it, checked and coerced as a model's answer would be.
 */
public final class Scopes {

    private static final CasRetry RETRY = CasRetry.immediate(100);

    private final FlowRegistry registry;
    private final VersionedStore store;

    Scopes(FlowRegistry registry, VersionedStore store) {
        this.registry = registry;
        this.store = store;
    }

    /**
     * The state of a user or project scope, if it has any.
     *
     * @throws IllegalArgumentException for a session scope (read those with {@link Sessions#state})
     * @throws dev.stepwise.store.StoreException when the store fails or the record is unreadable
     */
    public Optional<State> state(ScopeRef scope) {
        return store.read(ScopeCodec.key(scope.kind(), scope.id()))
                .map(s -> State.of(ScopeCodec.state(Optional.of(s))));
    }

    /**
     * Sets a user or project scope field that a registered flow declares, checked like an answer.
     *
     * @throws IllegalArgumentException when no flow declares the field or the value is refused
     * @throws IllegalStateException when the scope kept changing under concurrent writers (nothing set)
     * @throws dev.stepwise.store.StoreException when the store fails
     */
    public void setField(ScopeRef scope, String path, Object value) {
        ObjectNode op = ScopeCodec.set(path, FieldCheck.accept(declared(scope, path), value));
        boolean settled = RecordUpdate.run(store, ScopeCodec.key(scope.kind(), scope.id()), RETRY, stored -> {
            ObjectNode doc = ScopeCodec.document(stored);
            ScopeCodec.apply(ScopeCodec.state(doc), op);
            return Optional.of(new RecordUpdate.Replacement(
                    ScopeCodec.encode(doc), ScopeCodec.TTL, ScopeCodec.attributes(scope.kind(), scope.id())));
        });
        if (!settled) {
            throw new IllegalStateException("scope " + scope + " kept changing; field '" + path + "' was not set");
        }
    }

    private FieldSpec declared(ScopeRef scope, String path) {
        for (Flow flow : registry.currentFlows()) {
            FieldSpec spec = schema(flow, scope.kind()).resolve(path);
            if (spec != null) {
                return spec;
            }
        }
        throw new IllegalArgumentException(
                "no registered flow declares " + scope.kind() + " scope field '" + path + "'");
    }

    /** The fields {@code flow} declares in a scope of {@code kind}. */
    static StateSchema schema(Flow flow, ScopeKind kind) {
        return kind == ScopeKind.USER ? flow.userSchema() : flow.projectSchema();
    }
}
