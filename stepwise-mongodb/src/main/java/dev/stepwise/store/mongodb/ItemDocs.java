package dev.stepwise.store.mongodb;

import dev.stepwise.store.CorruptRecordException;
import dev.stepwise.store.Item;
import org.bson.Document;
import org.bson.types.Binary;

/** Item documents of the items collection: one per appended item, tagged with the write that made it. */
final class ItemDocs {

    static final String ID = "_id";
    static final String RECORD = "r";
    static final String INCARNATION = "i";
    static final String SEQ = "s";
    static final String TX = "t";
    static final String COMMITTED = "c";
    static final String KIND = "kind";
    static final String AT_NANOS = "at";
    static final String PAYLOAD = "p";

    private ItemDocs() {}

    static Document toDocument(String recordDocId, String incarnation, String tx, Item item) {
        return new Document(ID, tx + ":" + item.seq())
                .append(RECORD, recordDocId)
                .append(INCARNATION, incarnation)
                .append(SEQ, item.seq())
                .append(TX, tx)
                .append(COMMITTED, false)
                .append(KIND, item.kind())
                .append(AT_NANOS, RecordDoc.nanos(item.at()))
                .append(PAYLOAD, new Binary(item.payload()));
    }

    static Item fromDocument(String location, Document d) {
        try {
            Object payload = d.get(PAYLOAD);
            if (!(payload instanceof Binary binary)) {
                throw new IllegalStateException("payload is not binary data");
            }
            return new Item(
                    d.getLong(SEQ),
                    d.getString(KIND),
                    RecordDoc.instant(d.getLong(AT_NANOS)),
                    binary.getData().clone());
        } catch (RuntimeException e) {
            throw new CorruptRecordException(location, "malformed item document " + d.get(ID) + " (" + e + ")", e);
        }
    }
}
