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
 * A store written by the previous release may still hold generations of its layout, read until the
 * record's next write or trim moves their items into a generation of the layout above (see
 * {@code LegacyItemLog}):
 * <pre>
 * DIR/KIND/NAME.items/GENERATION/index      the item log's seq index, 8 bytes per item
 * DIR/KIND/NAME.items/GENERATION/SEQ.item   one item, SEQ zero-padded to 19 digits
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

    /** A generation's directory in the previous release's layout. */
    Path logDirectory(RecordKind kind, String name, String generation) {
        return logRoot(kind, name).resolve(generation);
    }

    /** A path relative to the store directory, for messages. */
    String location(Path file) {
        return directory.relativize(file).toString();
    }

    String location(StoreKey key) {
        return location(recordFile(key.kind(), FileNames.encode(key.id())));
    }
}
