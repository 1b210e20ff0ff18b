package dev.stepwise.store.mongodb;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

/**
 * mongo-java-server's memory backend with MongoDB's single-document atomicity for reads. The stock
 * backend answers {@code find} with the stored documents themselves and writes them to the socket
 * after releasing the collection's lock, while an update may be changing them field by field, so a
 * read could see half of an update ({@link AtomicReadsTest}). Here {@code find} and
 * {@code findAndModify} hold the collection's lock (the one its updates take) until their reply is
 * copied.
 */
final class CopyingMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            public Document handleCommand(
                    Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
                boolean returnsDocuments =
                        command.equalsIgnoreCase("find") || command.equalsIgnoreCase("findAndModify");
                if (!returnsDocuments || !(query.get(command) instanceof String name)) {
                    return super.handleCommand(channel, command, query, resolver, oplog);
                }
                MongoCollection<Integer> collection = resolveCollection(name, false);
                if (collection == null) {
                    return super.handleCommand(channel, command, query, resolver, oplog);
                }
                synchronized (collection) {
                    return super.handleCommand(channel, command, query, resolver, oplog)
                            .cloneDeeply();
                }
            }
        };
    }
}
