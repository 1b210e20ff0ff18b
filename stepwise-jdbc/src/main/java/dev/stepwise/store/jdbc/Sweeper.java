package dev.stepwise.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired records and their item logs in the background, in small batches of short
 * transactions, so turns never wait for it for long. Expired records are already invisible to every
 * read, so the sweeper only reclaims space; a record written again after expiry is never touched
 * (each delete re-checks {@code expires_at <= now}, and items go only once their record row is gone).
 */
final class Sweeper implements AutoCloseable {

    static final int BATCH = 200;
    private static final int MAX_BATCHES_PER_RUN = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Database db;
    private final Sql sql;
    private final Clock clock;
    private final String name;
    private ScheduledExecutorService executor;

    Sweeper(Database db, Sql sql, Clock clock, String name) {
        this.db = db;
        this.sql = sql;
        this.clock = clock;
        this.name = name;
    }

    /** Runs {@link #sweep()} every {@code interval} on a daemon thread until closed. */
    synchronized void start(Duration interval) {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stepwise-jdbc-sweeper-" + name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Removes expired records, at most {@value #MAX_BATCHES_PER_RUN} batches; returns how many. */
    int sweep() throws SQLException {
        int total = 0;
        for (int batch = 0;
                batch < MAX_BATCHES_PER_RUN && !Thread.currentThread().isInterrupted();
                batch++) {
            int removed = sweepBatch();
            total += removed;
            if (removed < BATCH) {
                break;
            }
        }
        return total;
    }

    private int sweepBatch() throws SQLException {
        long now = clock.millis();
        List<Object[]> expired = db.read(c -> {
            List<Object[]> found = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.expiredBatch)) {
                ps.setLong(1, Times.minutes(now));
                ps.setLong(2, now);
                ps.setInt(3, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Object[] {rs.getShort(1), rs.getBytes(2)});
                    }
                }
            }
            return found;
        });
        if (expired.isEmpty()) {
            return 0;
        }
        return db.write(c -> {
            int removed = 0;
            try (PreparedStatement ps = c.prepareStatement(sql.sweepRecord)) {
                for (Object[] row : expired) {
                    ps.setShort(1, (Short) row[0]);
                    ps.setBytes(2, (byte[]) row[1]);
                    ps.setLong(3, now);
                    ps.addBatch();
                }
                for (int count : ps.executeBatch()) {
                    removed += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql.sweepItems)) {
                for (Object[] row : expired) {
                    ps.setShort(1, (Short) row[0]);
                    ps.setBytes(2, (byte[]) row[1]);
                    ps.setShort(3, (Short) row[0]);
                    ps.setBytes(4, (byte[]) row[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return Database.Outcome.commit(removed);
        });
    }

    private void sweepQuietly() {
        try {
            int removed = sweep();
            if (removed > 0) {
                LOG.debug("swept {} expired records from {}", removed, name);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("sweeping expired records from {} failed; retrying next interval: {}", name, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the sweeper of {} did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
