package dev.stepwise.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.store.StoreKey;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import org.junit.jupiter.api.Test;

class MongoStoreProviderTest {

    @Test
    void opensAStoreFromAUriWithDatabaseAndPrefix() {
        try (MongoFixture fixture = new MongoFixture();
                VersionedStore store =
                        StoreProviders.open(fixture.uri() + "/db1?collectionPrefix=p_&serverSelectionTimeoutMS=2000")) {
            MongoStore mongo = assertInstanceOf(MongoStore.class, store);
            assertTrue(mongo.recordsCollection().equals("p_records"), mongo.recordsCollection());
            assertTrue(store.read(StoreKey.session("x")).isEmpty());
        }
    }

    @Test
    void badUrisNameTheProblem() {
        MongoStoreProvider provider = new MongoStoreProvider();
        assertFalse(provider.accepts("redis://x"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> provider.open("mongodb://user:secret@host:notaport/db"));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> provider.open("mongodb://h/db?createIndexes=maybe"));
        assertTrue(e.getMessage().contains("createIndexes"), e.getMessage());
    }
}
