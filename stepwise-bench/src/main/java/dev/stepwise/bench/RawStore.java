package dev.stepwise.bench;

import java.time.Duration;
import java.util.List;

/**
 * A backend used directly, with no Stepwise: what a raw baseline does per turn. Implementations
 * keep a version per record so the write is a real compare-and-set, and append items in the same
 * atomic step as the write, like the store they are compared with.
 */
interface RawStore extends AutoCloseable {

    /** The record's version and bytes, or null when it is absent or expired. */
    RawRecord read(String id);

    /**
     * Writes {@code value} if the record's version is {@code expectVersion} (or, for -1, if it is
     * absent), appending {@code items} with seqs from {@code firstSeq} in the same atomic step. The
     * record's version becomes {@code expectVersion + 1} (0 for a create), so a turn that writes twice
     * knows its second condition without reading again, as the engine does.
     *
     * @return whether the condition held and the write happened
     */
    boolean write(String id, long expectVersion, byte[] value, Duration ttl, long firstSeq, List<byte[]> items);

    /** What it does per turn, for the report. */
    String describe();

    @Override
    void close();

    /** A record as read. */
    record RawRecord(long version, byte[] value) {}
}
