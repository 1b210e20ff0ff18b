package dev.stepwise.store.tck;

import dev.stepwise.store.crypto.KeyRing;
import java.security.SecureRandom;

/** Key rings for running the kit on encrypted stores. */
public final class TestKeys {

    private TestKeys() {}

    /** A key ring with a fresh current key and an older decrypt-only key, as after a rotation. */
    public static KeyRing rotated() {
        SecureRandom random = new SecureRandom();
        byte[] current = new byte[KeyRing.KEY_BYTES];
        byte[] old = new byte[KeyRing.KEY_BYTES];
        random.nextBytes(current);
        random.nextBytes(old);
        return KeyRing.builder().current("tck-2", current).add("tck-1", old).build();
    }
}
