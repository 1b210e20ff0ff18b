package dev.stepwise.store.dynamodb;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Attribute names and the mapping of records and items to DynamoDB rows. */
final class Rows {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String KIND = "k";
    static final String ID = "id";
    static final String LIST_KEY = "lk";
    static final String VALUE = "v";
    static final String VERSION = "ver";
    static final String INCARNATION = "inc";
    static final String LAST_SEQ = "seq";
    static final String LAST_TX = "ltx";
    static final String LAST_TX_FIRST_SEQ = "lseq0";
    static final String FLOW = "flow";
    static final String STATUS = "status";
    static final String USER = "user";
    static final String UPDATED_NANOS = "updN";
    static final String EXPIRES_NANOS = "expN";
    /** Epoch seconds, the table's TTL attribute (DynamoDB deletes within days; reads use expN). */
    static final String TTL = "ttl";

    static final String ITEM_SEQ = "s";
    static final String ITEM_INCARNATION = "i";
    static final String ITEM_TX = "t";
    static final String ITEM_COMMITTED = "c";
    static final String ITEM_KIND = "ik";
    static final String ITEM_AT = "at";
    static final String ITEM_PAYLOAD = "p";

    private Rows() {}

    /**
     * A record row.
     *
     * @param lastTx      the write id of the last write that staged its items outside a transaction, or null
     * @param lastTxFirst the first item seq of that write
     */
    record RecordRow(Stored stored, String incarnation, long lastSeq, String lastTx, long lastTxFirst) {}

    static long nanos(Instant instant) {
        return Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L) + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue b(byte[] v) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(v));
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static Map<String, AttributeValue> toRecord(RecordRow row) {
        Stored st = row.stored();
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(Keys.pk(st.key())));
        m.put(SK, s(Keys.RECORD_SK));
        m.put(KIND, s(st.key().kind().label()));
        m.put(ID, s(st.key().id()));
        m.put(LIST_KEY, b(Keys.listKey(st.key().id())));
        m.put(VALUE, b(st.value()));
        m.put(VERSION, n(st.version()));
        m.put(INCARNATION, s(row.incarnation()));
        m.put(LAST_SEQ, n(row.lastSeq()));
        if (row.lastTx() != null) {
            m.put(LAST_TX, s(row.lastTx()));
            m.put(LAST_TX_FIRST_SEQ, n(row.lastTxFirst()));
        }
        putAttributes(m, st.attributes());
        m.put(UPDATED_NANOS, n(nanos(st.updatedAt())));
        m.put(EXPIRES_NANOS, n(nanos(st.expiresAt())));
        m.put(TTL, n(ttlSeconds(st.expiresAt())));
        return m;
    }

    static long ttlSeconds(Instant expiresAt) {
        return expiresAt.getEpochSecond() + (expiresAt.getNano() > 0 ? 1 : 0);
    }

    static void putAttributes(Map<String, AttributeValue> m, RecordAttributes a) {
        if (a.flowId() != null) {
            m.put(FLOW, s(a.flowId()));
        }
        if (a.status() != null) {
            m.put(STATUS, s(a.status()));
        }
        if (a.userId() != null) {
            m.put(USER, s(a.userId()));
        }
    }

    static RecordRow fromRecord(Map<String, AttributeValue> m) {
        String location = m.containsKey(PK) ? m.get(PK).s() : "(no key)";
        try {
            RecordKind kind = RecordKind.valueOf(m.get(KIND).s().toUpperCase(Locale.ROOT));
            StoreKey key = new StoreKey(kind, m.get(ID).s());
            if (!Keys.pk(key).equals(location)) {
                throw new CorruptRecordException(location, "row key does not match its kind and id attributes");
            }
            AttributeValue value = m.get(VALUE);
            if (value == null || value.b() == null) {
                throw new CorruptRecordException(location, "value is missing or not binary");
            }
            Stored stored = new Stored(
                    key,
                    value.b().asByteArray(),
                    number(m, VERSION),
                    new RecordAttributes(str(m, FLOW), str(m, STATUS), str(m, USER)),
                    instant(number(m, UPDATED_NANOS)),
                    instant(number(m, EXPIRES_NANOS)));
            String lastTx = str(m, LAST_TX);
            return new RecordRow(
                    stored,
                    m.get(INCARNATION).s(),
                    number(m, LAST_SEQ),
                    lastTx,
                    lastTx == null ? 0 : number(m, LAST_TX_FIRST_SEQ));
        } catch (CorruptRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptRecordException(location, "malformed record row (" + e + ")", e);
        }
    }

    static Map<String, AttributeValue> toItem(String pk, String incarnation, String tx, boolean committed, Item item) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(pk));
        m.put(SK, s(Keys.itemSk(item.seq(), tx)));
        m.put(ITEM_SEQ, n(item.seq()));
        m.put(ITEM_INCARNATION, s(incarnation));
        m.put(ITEM_TX, s(tx));
        m.put(ITEM_COMMITTED, AttributeValue.fromBool(committed));
        m.put(ITEM_KIND, s(item.kind()));
        m.put(ITEM_AT, n(nanos(item.at())));
        m.put(ITEM_PAYLOAD, b(item.payload()));
        return m;
    }

    static Item fromItem(String location, Map<String, AttributeValue> m) {
        try {
            return new Item(
                    number(m, ITEM_SEQ),
                    m.get(ITEM_KIND).s(),
                    instant(number(m, ITEM_AT)),
                    m.get(ITEM_PAYLOAD).b().asByteArray());
        } catch (RuntimeException e) {
            throw new CorruptRecordException(location, "malformed item row " + m.get(SK) + " (" + e + ")", e);
        }
    }

    private static String str(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null ? null : v.s();
    }

    private static long number(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalStateException("attribute '" + name + "' is missing or not a number");
        }
        return Long.parseLong(v.n());
    }
}
