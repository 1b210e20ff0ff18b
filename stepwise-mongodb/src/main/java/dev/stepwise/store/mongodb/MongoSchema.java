package dev.stepwise.store.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.stepwise.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/** The indexes the store relies on: created on first use when allowed, otherwise checked. */
final class MongoSchema {

    static final String LIST_INDEX = "stepwise_list";
    static final String TTL_INDEX = "stepwise_ttl";
    static final String LOG_INDEX = "stepwise_log";
    static final String TX_INDEX = "stepwise_tx";

    private MongoSchema() {}

    static void ensure(MongoCollection<Document> records, MongoCollection<Document> items, boolean create) {
        Map<String, Bson> recordIndexes = new LinkedHashMap<>();
        recordIndexes.put(LIST_INDEX, Indexes.ascending(RecordDoc.KIND, RecordDoc.SORT_KEY));
        recordIndexes.put(TTL_INDEX, Indexes.ascending(RecordDoc.EXPIRES_DATE));
        Map<String, Bson> itemIndexes = new LinkedHashMap<>();
        itemIndexes.put(LOG_INDEX, Indexes.ascending(ItemDocs.RECORD, ItemDocs.INCARNATION, ItemDocs.SEQ));
        itemIndexes.put(TX_INDEX, Indexes.ascending(ItemDocs.TX));
        if (create) {
            for (Map.Entry<String, Bson> e : recordIndexes.entrySet()) {
                IndexOptions options = new IndexOptions().name(e.getKey());
                if (e.getKey().equals(TTL_INDEX)) {
                    // The TTL monitor deletes a record once its expiry date has passed (it runs about
                    // once a minute, so reads also filter on the exact expiry).
                    options.expireAfter(0L, TimeUnit.SECONDS);
                }
                records.createIndex(e.getValue(), options);
            }
            for (Map.Entry<String, Bson> e : itemIndexes.entrySet()) {
                items.createIndex(e.getValue(), new IndexOptions().name(e.getKey()));
            }
            return;
        }
        List<String> missing = new ArrayList<>();
        missing.addAll(missing(records, recordIndexes));
        missing.addAll(missing(items, itemIndexes));
        if (!missing.isEmpty()) {
            throw new StoreException("MongoDB store is not set up: missing " + String.join(", ", missing)
                    + ". Open the store once with index creation allowed, or create them as documented in MongoStore.");
        }
    }

    private static List<String> missing(MongoCollection<Document> collection, Map<String, Bson> wanted) {
        Map<String, Document> present = new LinkedHashMap<>();
        for (Document index : collection.listIndexes()) {
            present.put(index.getString("name"), index.get("key", Document.class));
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Bson> e : wanted.entrySet()) {
            Document key = present.get(e.getKey());
            Document expected = Document.parse(e.getValue().toBsonDocument().toJson());
            if (key == null || !sameKeys(key, expected)) {
                missing.add("index " + e.getKey() + " " + expected.toJson() + " on " + collection.getNamespace());
            }
        }
        return missing;
    }

    private static boolean sameKeys(Document actual, Document expected) {
        if (!new ArrayList<>(actual.keySet()).equals(new ArrayList<>(expected.keySet()))) {
            return false;
        }
        for (String k : expected.keySet()) {
            if (((Number) actual.get(k)).intValue() != ((Number) expected.get(k)).intValue()) {
                return false;
            }
        }
        return true;
    }
}
