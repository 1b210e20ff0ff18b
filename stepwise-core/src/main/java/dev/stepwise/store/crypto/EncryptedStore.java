package dev.stepwise.store.crypto;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.ItemWindow;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.Write;
import dev.stepwise.store.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts values and item payloads at rest with AES-256-GCM over any {@link VersionedStore}.
 *
 * <ul>
 *   <li>Every write is encrypted with the key ring's current key and a fresh random 96-bit IV;
 *       the envelope names the key id, so older keys kept in the {@link KeyRing} still decrypt
 *       records written before a rotation, and each record moves to the current key when it is
 *       next written. (Random IVs allow about 2^32 encryptions per key; rotate well before.)</li>
 *   <li>A value is bound to its record's kind and id, an item payload to its record's kind and id
 *       and its seq (GCM additional data): bytes copied to another record or position fail to
 *       decrypt.</li>
 *   <li>A wrong or missing key, a tampered or truncated envelope raises
 *       {@link CorruptRecordException} for that record, naming the key id (never key bytes);
 *       listing reports such records in {@link Page#unreadable()}, so a page may then hold fewer
 *       records than its limit while {@link Page#nextCursor()} still leads on.</li>
 *   <li>Values without the envelope's magic prefix are plaintext from before encryption was
 *       turned on and are read as they are, so encryption can be enabled on an existing store
 *       (see {@link #rejectingPlaintext()} to refuse them afterwards).</li>
 *   <li>Not encrypted: ids, versions, times, item kinds and times, and the
 *       {@link dev.stepwise.store.RecordAttributes attributes} (flow id, status, user id), because
 *       the inner store must filter listings on them in its own query. Keep secrets out of them.</li>
 * </ul>
 * Versions, conditions, expiry and atomicity are the inner store's, unchanged.
 *
 * <p>Stored bytes (binary): magic {@code 00 53 57 45} ({@code "\0SWE"}), format version {@code 01},
 * key id length and key id (ASCII), 12-byte IV, then ciphertext and 16-byte GCM tag. The additional
 * authenticated data is that header plus the record's kind and id (and the item's seq).
 */
public final class EncryptedStore implements VersionedStore {

    private final VersionedStore inner;
    private final Sealer sealer;

    private final KeyRing keys;

    private EncryptedStore(VersionedStore inner, KeyRing keys, boolean allowPlaintext) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.sealer = new Sealer(keys, allowPlaintext);
    }

    /**
     * Wraps {@code inner} so that everything written through the wrapper is encrypted with
     * {@code keys}; plaintext values already stored are still read.
     */
    public static EncryptedStore wrap(VersionedStore inner, KeyRing keys) {
        return new EncryptedStore(inner, keys, true);
    }

    /**
     * The same wrapper, except that a value or payload that is not encrypted raises
     * {@link CorruptRecordException}: once every record has been rewritten, this stops anyone
     * with write access to the backend from planting plaintext records.
     */
    public EncryptedStore rejectingPlaintext() {
        return new EncryptedStore(inner, keys, false);
    }

    /**
     * The id of the key that sealed {@code stored} (a value or item payload as the inner store holds
     * it), read from the envelope's header without decrypting: how an operator finds out which
     * records still need an old key. Empty for plaintext.
     *
     * @param location names the bytes in the error, e.g. {@code session:f:s1 item 3}
     * @throws CorruptRecordException when the envelope's header is truncated or of an unknown format
     */
    public static Optional<String> keyIdOf(byte[] stored, String location) {
        return Sealer.keyId(stored, location);
    }

    @Override
    public Optional<Stored> read(StoreKey key) {
        return inner.read(key).map(this::open);
    }

    @Override
    public Map<StoreKey, Stored> readAll(Collection<StoreKey> keys) {
        Map<StoreKey, Stored> found = new LinkedHashMap<>();
        inner.readAll(keys).forEach((key, stored) -> found.put(key, open(stored)));
        return found;
    }

    @Override
    public WriteResult write(Write write) {
        StoreKey key = write.key();
        List<Item> items = new ArrayList<>(write.items().size());
        for (Item item : write.items()) {
            items.add(new Item(
                    item.seq(), item.kind(), item.at(), sealer.seal(item.payload(), itemContext(key, item.seq()))));
        }
        Write sealed = new Write(
                key,
                sealer.seal(write.value(), recordContext(key)),
                write.expect(),
                write.ttl(),
                write.attributes(),
                items);
        WriteResult result = inner.write(sealed);
        if (result instanceof WriteResult.Conflict conflict) {
            return new WriteResult.Conflict(conflict.current().map(this::open));
        }
        return result;
    }

    @Override
    public DeleteResult delete(StoreKey key, Expect expect) {
        DeleteResult result = inner.delete(key, expect);
        if (result instanceof DeleteResult.Conflict conflict) {
            return new DeleteResult.Conflict(conflict.current().map(this::open));
        }
        return result;
    }

    @Override
    public Page list(ListQuery query) {
        Page page = inner.list(query);
        List<Stored> records = new ArrayList<>(page.records().size());
        List<Page.Unreadable> unreadable = new ArrayList<>(page.unreadable());
        for (Stored stored : page.records()) {
            try {
                records.add(open(stored));
            } catch (CorruptRecordException e) {
                unreadable.add(new Page.Unreadable(e.location(), e.getMessage()));
            }
        }
        return new Page(records, unreadable, page.nextCursor());
    }

    @Override
    public List<Item> readItems(StoreKey key, ItemWindow window) {
        List<Item> items = inner.readItems(key, window);
        List<Item> opened = new ArrayList<>(items.size());
        for (Item item : items) {
            byte[] payload = sealer.open(item.payload(), itemContext(key, item.seq()), key + " item " + item.seq());
            opened.add(new Item(item.seq(), item.kind(), item.at(), payload));
        }
        return opened;
    }

    @Override
    public void trimItems(StoreKey key, long beforeSeq) {
        inner.trimItems(key, beforeSeq);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "EncryptedStore[" + inner + "]";
    }

    private Stored open(Stored stored) {
        StoreKey key = stored.key();
        byte[] value = sealer.open(stored.value(), recordContext(key), key.toString());
        return new Stored(key, value, stored.version(), stored.attributes(), stored.updatedAt(), stored.expiresAt());
    }

    static byte[] recordContext(StoreKey key) {
        return context("stepwise/record", key, null);
    }

    static byte[] itemContext(StoreKey key, long seq) {
        return context("stepwise/item", key, seq);
    }

    /** NUL-separated: ids never contain NUL, so distinct contexts never encode alike. */
    private static byte[] context(String what, StoreKey key, @Nullable Long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(what.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(key.kind().label().getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(key.id().getBytes(StandardCharsets.UTF_8));
        if (seq != null) {
            out.write(0);
            out.writeBytes(Long.toString(seq).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
