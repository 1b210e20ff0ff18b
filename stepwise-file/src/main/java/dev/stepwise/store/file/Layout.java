package dev.stepwise.store.file;

import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import java.nio.file.Path;

/**
 * Where things live under the store directory:
 * <pre>
 * DIR/.locks/NN.lock                        lock stripes (see FileStoreLocks)
 * DIR/KIND/NAME.json                        a record's envelope (NAME from FileNames)
 * DIR/KIND/.NAME.json.RANDOM.tmp            an envelope being written
 * DIR/KIND/NAME.items/GENERATION.jsonl       the item log: one JSON line per item, appended
 * DIR/KIND/NAME.items/GENERATION.offsets     a cache of (seq, byte offset) per item, 16 bytes each
 * </pre>
 */
record Layout(Path directory, String extension) {

    static final String LOG_SUFFIX = ".items";

    Path kindDirectory(RecordKind kind) {
        return directory.resolve(kind.label());
    }

    Path recordFile(RecordKind kind, String name) {
        return kindDirectory(kind).resolve(name + extension);
    }

    Path logRoot(RecordKind kind, String name) {
        return kindDirectory(kind).resolve(name + LOG_SUFFIX);
    }

    /** A path relative to the store directory, for messages. */
    String location(Path file) {
        return directory.relativize(file).toString();
    }

    String location(StoreKey key) {
        return location(recordFile(key.kind(), FileNames.encode(key.id())));
    }
}
