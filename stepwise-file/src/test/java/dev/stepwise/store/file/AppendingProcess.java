package dev.stepwise.store.file;

import dev.stepwise.store.Expect;
import dev.stepwise.store.Item;
import dev.stepwise.store.RecordAttributes;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.Write;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A writer for {@link FileStoreCrashTest} that runs until it is killed: each write appends three
 * items to a record whose value is the number of items its log should hold. Prints
 * {@code wrote N} after each write.
 *
 * <p>Arguments: directory, record id, and optionally {@code trim}: then every fourth write is
 * followed by a trim keeping the last 8 items, so kills also land in trims and the compactions
 * they trigger.
 */
public final class AppendingProcess {

    private AppendingProcess() {}

    public static void main(String[] args) {
        StoreKey key = StoreKey.session(args[1]);
        FileStore store =
                FileStore.builder(Path.of(args[0])).sweepInterval(Duration.ZERO).build();
        boolean trim = args.length > 2 && args[2].equals("trim");
        for (long n = 1; ; n++) {
            Optional<Stored> current = store.read(key);
            long count = current.map(s -> Long.parseLong(new String(s.value(), StandardCharsets.UTF_8)))
                    .orElse(0L);
            List<Item> items = List.of(item(count + 1), item(count + 2), item(count + 3));
            Expect expect = current.map(s -> Expect.version(s.version())).orElse(Expect.absent());
            store.write(new Write(
                    key,
                    Long.toString(count + 3).getBytes(StandardCharsets.UTF_8),
                    expect,
                    Duration.ofHours(1),
                    RecordAttributes.NONE,
                    items));
            if (trim && n % 4 == 0) {
                store.trimItems(key, count + 3 - 7);
            }
            System.out.println("wrote " + n);
            System.out.flush();
        }
    }

    static Item item(long seq) {
        return new Item(seq, "user", Instant.EPOCH, ("payload " + seq).getBytes(StandardCharsets.UTF_8));
    }
}
