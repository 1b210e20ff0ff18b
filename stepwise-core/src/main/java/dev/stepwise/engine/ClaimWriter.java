package dev.stepwise.engine;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import dev.stepwise.store.support.CasRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a session's claims through compare-and-set, keeping everything else of the record as stored
 * (its expiry too), and releases a caller's claims when it gives up (through {@link RecordUpdate}, the
 * engine's one read-modify-write loop). The only writer of claims outside a turn's own save.
 */
final class ClaimWriter {

    private static final Logger log = LoggerFactory.getLogger(ClaimWriter.class);
    private static final CasRetry RELEASE = CasRetry.of(8, Duration.ofMillis(1), Duration.ofMillis(20));

    private final VersionedStore store;
    private final Clock clock;
    private final SessionCache sessions;

    ClaimWriter(VersionedStore store, Clock clock, SessionCache sessions) {
        this.sessions = sessions;
        this.store = store;
        this.clock = clock;
    }

    /** Writes {@code claims} into {@code record} stored as {@code stored}: the new version, or empty on a lost race. */
    OptionalLong write(Stored stored, SessionRecord record, ObjectNode claims) {
        RecordUpdate.Replacement r = replacement(stored, record, claims);
        WriteResult result = store.write(new Write(
                stored.key(), r.value(), Expect.version(stored.version()), r.ttl(), r.attributes(), List.of()));
        return result instanceof WriteResult.Written written
                ? OptionalLong.of(written.version())
                : OptionalLong.empty();
    }

    /** Creates {@code record} where none is stored: the new version, or empty when one appeared first. */
    OptionalLong create(StoreKey key, SessionRecord record, Duration ttl) {
        WriteResult result = store.write(
                new Write(key, SessionCodec.encode(record), Expect.absent(), ttl, record.attributes(), List.of()));
        return result instanceof WriteResult.Written written
                ? OptionalLong.of(written.version())
                : OptionalLong.empty();
    }

    /**
     * Removes every claim {@code owner} holds in the session, so duplicates need not wait for the
     * lease to lapse. Best effort: a failure is logged and the lease lapses on its own.
     */
    void release(StoreKey key, String owner, String sessionId) {
        boolean released;
        try {
            released = RecordUpdate.run(store, key, RELEASE, stored -> {
                if (stored.isEmpty()) {
                    return Optional.empty();
                }
                SessionRecord record = sessions.decode(key, stored.get());
                if (!Claims.held(record.claims(), owner)) {
                    return Optional.empty();
                }
                return Optional.of(replacement(stored.get(), record, Claims.withoutOwner(record.claims(), owner)));
            });
        } catch (CorruptRecordException e) {
            log.warn(
                    "session {}: claims not released, the record is unreadable: {}",
                    fingerprint(sessionId),
                    e.reason());
            return;
        } catch (StoreException e) {
            log.warn(
                    "session {}: claims not released, they lapse with their lease: {}",
                    fingerprint(sessionId),
                    e.getMessage());
            return;
        }
        if (!released) {
            log.warn(
                    "session {}: claims not released (the record kept changing), they lapse with their lease",
                    fingerprint(sessionId));
        }
    }

    /** {@code record} with {@code claims}, keeping the stored expiry (at least a second) and attributes. */
    private RecordUpdate.Replacement replacement(Stored stored, SessionRecord record, ObjectNode claims) {
        Duration left = Duration.between(clock.instant(), stored.expiresAt());
        Duration ttl = left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
        return new RecordUpdate.Replacement(SessionCodec.encode(record.withClaims(claims)), ttl, stored.attributes());
    }

    private static String fingerprint(String sessionId) {
        return SessionFingerprint.of(sessionId);
    }
}
