package dev.stepwise.store.mongodb;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * One record document of the records collection, and its field names.
 *
 * @param stored      the record as callers see it
 * @param incarnation random id fixed when the record was created; items carry it
 * @param lastSeq     highest committed item seq (0 when none)
 * @param lastTx      the write that committed last with items (its items may still be unmarked)
 */
record RecordDoc(Stored stored, String incarnation, long lastSeq, String lastTx) {

    static final String ID = "_id";
    static final String KIND = "k";
    static final String RECORD_ID = "id";
    static final String SORT_KEY = "sk";
    static final String VALUE = "v";
    static final String VERSION = "ver";
    static final String INCARNATION = "inc";
    static final String LAST_SEQ = "seq";
    static final String LAST_TX = "ltx";
    static final String FLOW = "flow";
    static final String STATUS = "status";
    static final String USER = "user";
    static final String UPDATED_NANOS = "updN";
    static final String EXPIRES_NANOS = "expN";
    /** The expiry as a BSON date, for the TTL index (millisecond precision, reads use expN). */
    static final String EXPIRES_DATE = "exp";

    /** The document id of a key: the kind label, a colon, the id (kinds never collide). */
    static String docId(StoreKey key) {
        return key.kind().label() + ":" + key.id();
    }

    static long nanos(Instant instant) {
        return Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L) + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static Document toDocument(RecordDoc doc) {
        Stored s = doc.stored();
        Document d = new Document(ID, docId(s.key()))
                .append(KIND, s.key().kind().label())
                .append(RECORD_ID, s.key().id())
                .append(SORT_KEY, SortKeys.of(s.key().id()));
        return d.append(VALUE, new Binary(s.value()))
                .append(VERSION, s.version())
                .append(INCARNATION, doc.incarnation())
                .append(LAST_SEQ, doc.lastSeq())
                .append(LAST_TX, doc.lastTx())
                .append(FLOW, s.attributes().flowId())
                .append(STATUS, s.attributes().status())
                .append(USER, s.attributes().userId())
                .append(UPDATED_NANOS, nanos(s.updatedAt()))
                .append(EXPIRES_NANOS, nanos(s.expiresAt()))
                .append(EXPIRES_DATE, Date.from(s.expiresAt()));
    }

    /** Decodes a record document; anything malformed is a {@link CorruptRecordException}. */
    static RecordDoc fromDocument(Document d) {
        String location = String.valueOf(d.get(ID));
        try {
            RecordKind kind = RecordKind.valueOf(d.getString(KIND).toUpperCase(Locale.ROOT));
            StoreKey key = new StoreKey(kind, d.getString(RECORD_ID));
            if (!docId(key).equals(d.get(ID))) {
                throw new CorruptRecordException(location, "document id does not match its kind and id fields");
            }
            Object value = d.get(VALUE);
            if (!(value instanceof Binary binary)) {
                throw new CorruptRecordException(location, "value is not binary data");
            }
            Stored stored = new Stored(
                    key,
                    binary.getData().clone(),
                    number(d, VERSION),
                    new RecordAttributes(d.getString(FLOW), d.getString(STATUS), d.getString(USER)),
                    instant(number(d, UPDATED_NANOS)),
                    instant(number(d, EXPIRES_NANOS)));
            return new RecordDoc(stored, d.getString(INCARNATION), number(d, LAST_SEQ), d.getString(LAST_TX));
        } catch (CorruptRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptRecordException(location, "malformed record document (" + e + ")", e);
        }
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw new IllegalStateException("field '" + field + "' is " + (v == null ? "missing" : "not a number"));
    }
}
