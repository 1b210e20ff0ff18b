package dev.stepwise.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays the store work of the workload's turns on a {@link RawStore}: per turn, the same number
 * of reads, one conditional write of a value of the same size, and items of the same sizes. One per
 * worker; sessions are numbered like {@link QuoteSession}'s.
 */
final class RawTurns implements TurnDriver {

    private final RawStore store;
    private final List<TurnShape> shapes;
    private final String prefix;
    private final byte[][] values;
    private final List<List<byte[]>> items = new ArrayList<>();
    private long session;
    private int step;
    private long seq;
    private String id;

    RawTurns(RawStore store, List<TurnShape> shapes, String prefix) {
        this.store = store;
        this.shapes = shapes;
        this.prefix = prefix;
        this.values = new byte[shapes.size()][];
        for (int i = 0; i < shapes.size(); i++) {
            values[i] = filler(shapes.get(i).valueBytes(), i);
            List<byte[]> turnItems = new ArrayList<>();
            for (int size : shapes.get(i).itemBytes()) {
                turnItems.add(filler(size, i + 7));
            }
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
        RawStore.RawRecord current = null;
        for (int r = 0; r < shape.reads(); r++) {
            current = store.read(id);
        }
        long expect = current == null ? -1 : current.version();
        if (shape.create() != (current == null)) {
            throw new IllegalStateException("raw turn " + (step + 1) + " of " + id + " found the record "
                    + (current == null ? "absent" : "present"));
        }
        List<byte[]> turnItems = items.get(step);
        if (!store.write(id, expect, values[step], shape.ttl(), seq + 1, turnItems)) {
            throw new IllegalStateException("raw write of " + id + " lost its compare-and-set with no rival");
        }
        seq += turnItems.size();
        step = (step + 1) % shapes.size();
    }
}
