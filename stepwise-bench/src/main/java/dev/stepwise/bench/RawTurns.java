package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays the store work of the workload's turns on a {@link RawStore}: per turn, the same number
 * of reads (none where the engine ran the turn on the record it saved last), then the same
 * conditional writes in order, of values and items of the same sizes. One per
 * worker; sessions are numbered like {@link QuoteSession}'s.
 */
final class RawTurns implements TurnDriver {

    private final RawStore store;
    private final List<TurnShape> shapes;
    private final String prefix;
    /** Per turn, per write: the value and the items. */
    private final List<List<byte[]>> values = new ArrayList<>();

    private final List<List<List<byte[]>>> items = new ArrayList<>();
    private long session;
    private int step;
    private long seq;
    /** The version this worker's last write left on its current session's record. */
    private long written;

    private String id;

    RawTurns(RawStore store, List<TurnShape> shapes, String prefix) {
        this.store = store;
        this.shapes = shapes;
        this.prefix = prefix;
        for (int i = 0; i < shapes.size(); i++) {
            List<byte[]> turnValues = new ArrayList<>();
            List<List<byte[]>> turnItems = new ArrayList<>();
            for (TurnShape.Write w : shapes.get(i).writes()) {
                turnValues.add(filler(w.valueBytes(), i));
                List<byte[]> writeItems = new ArrayList<>();
                for (int size : w.itemBytes()) {
                    writeItems.add(filler(size, i + 7));
                }
                turnItems.add(writeItems);
            }
            values.add(turnValues);
            items.add(turnItems);
        }
    }

    private static byte[] filler(int size, int salt) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ('a' + salt));
        return bytes;
    }

    @Override
    public void turn() {
        if (step == 0) {
            id = "insurance_quote:" + prefix + "-" + session++;
            seq = 0;
        }
        TurnShape shape = shapes.get(step);
        long base;
        if (shape.reads() == 0) {
            // the engine ran this turn on the record it saved last: the baseline writes over the version
            // it knows it wrote, without reading
            base = shape.create() ? -1 : written;
        } else {
            RawStore.RawRecord current = null;
            for (int r = 0; r < shape.reads(); r++) {
                current = store.read(id);
            }
            if (shape.create() != (current == null)) {
                throw new IllegalStateException("raw turn " + (step + 1) + " of " + id + " found the record "
                        + (current == null ? "absent" : "present"));
            }
            base = current == null ? -1 : current.version();
        }
        for (int w = 0; w < shape.writes().size(); w++) {
            // a later write replaces what the earlier one wrote (the engine's save over its claim), knowing its
            // version from the write's contract, without reading again
            long expect = base + w;
            List<byte[]> writeItems = items.get(step).get(w);
            if (!store.write(
                    id, expect, values.get(step).get(w), shape.writes().get(w).ttl(), seq + 1, writeItems)) {
                throw new IllegalStateException("raw write of " + id + " lost its compare-and-set with no rival");
            }
            seq += writeItems.size();
        }
        written = base + shape.writes().size();
        step = (step + 1) % shapes.size();
    }
}
