package dev.stepwise.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stepwise.store.Expect;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExpectSwitchTest {

    private static String describe(Expect expect) {
        return ExpectSwitch.on(expect, () -> "absent", v -> "version " + v, () -> "any");
    }

    @Test
    void runsTheCaseOfEachCondition() {
        assertEquals("absent", describe(Expect.absent()));
        assertEquals("version 42", describe(Expect.version(42)));
        assertEquals("any", describe(Expect.any()));
    }

    @Test
    void aCheckedExceptionOfACasePropagatesUnchanged() {
        IOException down = new IOException("down");
        IOException thrown = assertThrows(
                IOException.class,
                () -> ExpectSwitch.<String, IOException>on(
                        Expect.version(1),
                        () -> "absent",
                        v -> {
                            throw down;
                        },
                        () -> "any"));
        assertSame(down, thrown);
    }

    @Test
    void aNullConditionIsRefused() {
        assertThrows(NullPointerException.class, () -> describe(null));
    }

    @Test
    void deleteRunsVersionOrAnyAndRefusesAbsentWithTheCommonMessage() {
        assertEquals("v7", ExpectSwitch.onDelete(Expect.version(7), v -> "v" + v, () -> "any"));
        assertEquals("any", ExpectSwitch.onDelete(Expect.any(), v -> "v" + v, () -> "any"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ExpectSwitch.onDelete(Expect.absent(), v -> "v", () -> "any"));
        IllegalArgumentException common =
                assertThrows(IllegalArgumentException.class, () -> Expect.forDelete(Expect.absent()));
        assertEquals(common.getMessage(), e.getMessage());
    }
}
