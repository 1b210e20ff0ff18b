package dev.stepwise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void formatsMedianThenMinimumAndMaximumInTheGivenNumberFormat() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        try {
            Spread spread = Spread.of(3.14159, 1234.5, 0.25);
            assertEquals(3.14159, spread.median());
            assertEquals("3.14 [0.25–1234.50]", spread.format("%.2f"));
            assertEquals("3 [0–1,235]", spread.format("%,.0f"));
        } finally {
            Locale.setDefault(before);
        }
    }
}
