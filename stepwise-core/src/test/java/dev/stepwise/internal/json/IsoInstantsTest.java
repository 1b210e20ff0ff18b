package dev.stepwise.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written codec writes exactly what {@link Instant#toString()} writes, as a string or into a
 * JSON generator, and parses as strictly.
 */
class IsoInstantsTest {

    @Test
    void formatsAndParsesLikeInstant() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long seconds =
                    switch (i % 4) {
                        case 0 -> random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0000..9999
                        case 1 -> random.nextLong(1_500_000_000L, 2_000_000_000L);
                        case 2 -> random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond());
                        default -> random.nextLong(-100_000, 100_000);
                    };
            int nano =
                    switch (i % 5) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            String text = IsoInstants.format(instant);
            assertEquals(instant.toString(), text);
            assertEquals(instant, IsoInstants.parse(text));
            assertEquals(
                    '"' + instant.toString() + '"',
                    new String(Encoded.bytes(g -> IsoInstants.write(g, instant)), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void parsesOtherFractionLengthsLikeInstant() {
        for (String text : new String[] {
            "2026-01-31T23:59:59.1Z",
            "2026-01-31T23:59:59.12Z",
            "2024-02-29T00:00:00.1234Z",
            "2026-11-23T00:49:09.123456789Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-12-31T23:59:60Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00.Z",
            "2026-01-01T00:00:00z",
            "+10000-01-01T00:00:00Z",
            "2026-01-01T00:00:00+01:00"
        }) {
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
    }

    @Test
    void refusesWhatInstantRefuses() {
        for (String text : new String[] {
            "",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-01-32T00:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:00.1234567890Z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-1-01T00:00:00Z",
            "2026-01-01T00:00:0xZ",
            "2026-01-01T00:00:00.-1Z",
            "２０２６-01-01T00:00:00Z"
        }) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
        }
    }

    @Test
    void sessionRecordInstantsLeapDaysAndMonthEndsMatchInstant() {
        for (String text : new String[] {
            "2024-02-29T23:59:59.999999999Z",
            "2026-11-22T22:48:29Z",
            "1970-01-01T00:00:00Z",
            "2026-01-31T12:00:00.5Z",
            "2026-04-30T00:00:00.12Z",
            "2026-11-22T24:00:00Z",
            "2026-06-30T23:59:60Z",
            "2026-11-22T22:48:29.Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z"
        }) {
            assertEquals(Instant.parse(text), IsoInstants.parse(text), text);
        }
        for (String text : new String[] {
            "2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-22T25:00:00Z", "2026-11-22T22:48:2xZ"
        }) {
            assertThrows(DateTimeParseException.class, () -> IsoInstants.parse(text), text);
        }
    }
}
