package dev.stepwise.internal.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonGenerator;

/**
 * {@link Instant#toString()} and {@link Instant#parse} without {@code DateTimeFormatter}, which
 * cost a third of the file store's CPU and as much per turn as the rest of a session record's
 * decoding: the one codec for the instants Stepwise's own records hold as JSON text. The text is exactly what {@code Instant} writes
 * ({@code 2026-11-23T00:49:09.123Z}, fractions in groups of three digits) and parsing is as strict:
 * the common shape (years 0000..9999, {@code Z}, 0..9 fraction digits, valid date and time of day)
 * is decoded here, anything else goes to {@link Instant#parse}, which accepts or refuses it as before.
 */
public final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits. */
    private static final long MIN_FAST = -62_167_219_200L;

    private static final long MAX_FAST = 253_402_300_800L;

    /** The longest text written here: 19 + 1 + 9 + 1. */
    private static final int MAX_LENGTH = 30;

    // the generator copies the chars it is given, so one array per thread serves every write
    private static final ThreadLocal<char[]> CHARS = ThreadLocal.withInitial(() -> new char[MAX_LENGTH]);

    private IsoInstants() {}

    /** The same text as {@link Instant#toString()}. */
    public static String format(Instant instant) {
        char[] out = new char[MAX_LENGTH];
        int length = format(instant, out);
        return length < 0 ? instant.toString() : new String(out, 0, length);
    }

    /**
     * Writes {@link #format(Instant)}'s text as a JSON string value, without building the string:
     * a session record writes its creation time on every save.
     */
    public static void write(JsonGenerator g, Instant instant) {
        char[] out = CHARS.get();
        int length = format(instant, out);
        if (length < 0) {
            g.writeString(instant.toString());
        } else {
            g.writeString(out, 0, length);
        }
    }

    /** The text's length, written into {@code out}; -1 when the year needs more than four digits. */
    private static int format(Instant instant, char[] out) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST || seconds >= MAX_FAST) {
            return -1;
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // the civil date of the day, as LocalDate.ofEpochDay computes it (days from 0000-03-01 in
        // 400-year eras), without the LocalDate it allocates on every record written
        long fromMarch = day + 719_468;
        long era = Math.floorDiv(fromMarch, 146_097);
        int dayOfEra = (int) (fromMarch - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int monthFromMarch = (5 * dayOfYear + 2) / 153;
        int dayOfMonth = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        int month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        int year = (int) (era * 400 + yearOfEra) + (month <= 2 ? 1 : 0);
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, dayOfMonth, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int length = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            out[length++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, length, nano / 1_000_000, 3);
                length += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, length, nano / 1_000, 6);
                length += 6;
            } else {
                digits(out, length, nano, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        return length;
    }

    /**
     * Parses what {@link Instant#parse} parses, with the same result.
     *
     * @throws DateTimeParseException if the text is not an ISO instant
     */
    public static Instant parse(String text) {
        int n = text.length();
        if (n < 20
                || n > 30
                || n == 21
                || text.charAt(n - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || (n > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        int nano = 0;
        if (n > 20) {
            int fraction = number(text, 20, n - 1);
            if (fraction < 0) {
                return Instant.parse(text);
            }
            nano = fraction;
            for (int i = n - 1 - 20; i < 9; i++) {
                nano *= 10;
            }
        }
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return Instant.parse(text); // refuses, or handles what this does not (a leap second, 24:00)
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Instant.parse(text); // a day the month does not have: Instant.parse refuses it
        }
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** The decimal number in {@code text[from, to)}, or -1 unless it is only ASCII digits. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
