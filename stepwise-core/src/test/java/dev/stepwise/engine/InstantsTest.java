package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantsTest {

    @Test
    void readsEveryInstantToStringWritesExactlyAsInstantParseDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_000_000_000L, 250_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(instant, Instants.parse(instant.toString()), instant.toString());
        }
    }

    @Test
    void leapDaysMonthEndsAndShortFractionsMatchInstantParse() {
        for (String text : List.of("2024-02-29T23:59:59.999999999Z", "2026-11-22T22:48:29Z", "1970-01-01T00:00:00Z",
                "2026-01-31T12:00:00.5Z", "2026-04-30T00:00:00.12Z", "2026-11-22T24:00:00Z", "2026-06-30T23:59:60Z", "2026-11-22T22:48:29.Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            assertEquals(Instant.parse(text), Instants.parse(text), text);
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of("2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T25:00:00Z",
                "2026-11-22T22:48:2xZ", "2026-11-22 22:48:29Z", "2026-11-22T22:48:29",
                "2026-04-31T00:00:00Z", "2026-11-22T22:48:29.1234567890Z")) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> Instants.parse(text), text);
        }
    }
}
