package dev.stepwise.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit's races need what MongoDB guarantees: a read sees a document before or after
 * an update, never half of it. mongo-java-server updates a document field by field in place and
 * writes query replies after releasing its lock, so without the fixture's copying backend a read
 * racing an update can see a new {@code lastSeq} beside an old {@code version} (seen once in CI as
 * "item seq 96 is not above the last stored seq 96").
 */
class AtomicReadsTest {

    private static final int FIELDS = 40;
    private static final int UPDATES = 3_000;

    @Test
    void aReadRacingAnUpdateSeesTheWholeDocumentBeforeOrAfterIt() throws Exception {
        try (MongoFixture fixture = new MongoFixture()) {
            MongoCollection<Document> docs =
                    fixture.client().getDatabase("stepwise").getCollection(fixture.prefix() + "atomic");
            docs.insertOne(fields(new Document("_id", "d"), 0));
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<Integer> writer = pool.submit(() -> {
                    try {
                        for (int i = 1; i <= UPDATES; i++) {
                            List<Bson> sets = new ArrayList<>();
                            for (int f = 0; f < FIELDS; f++) {
                                sets.add(Updates.set("f" + f, i));
                            }
                            docs.updateOne(Filters.eq("_id", "d"), Updates.combine(sets));
                        }
                        return UPDATES;
                    } finally {
                        done.set(true);
                    }
                });
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        int torn = 0;
                        while (!done.get()) {
                            Document seen = docs.find(Filters.eq("_id", "d")).first();
                            if (seen.getInteger("f0").intValue()
                                    != seen.getInteger("f" + (FIELDS - 1)).intValue()) {
                                torn++;
                            }
                        }
                        return torn;
                    }));
                }
                assertEquals(UPDATES, writer.get());
                for (Future<Integer> reader : readers) {
                    assertEquals(0, reader.get(), "reads that saw a half-applied update");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Document fields(Document doc, int value) {
        for (int f = 0; f < FIELDS; f++) {
            doc.append("f" + f, value);
        }
        return doc;
    }
}
