package dev.stepwise.it;

/**
 * Run sizes: small by default so the CI build stays within budget, full with
 * {@code -Dstepwise.it.long=true} or {@code STEPWISE_IT_LONG=1}.
 */
public final class Sizes {

    private Sizes() {}

    /** Whether the long variants run. */
    public static boolean longRun() {
        return Boolean.getBoolean("stepwise.it.long")
                || "1".equals(System.getenv("STEPWISE_IT_LONG"))
                || "true".equalsIgnoreCase(System.getenv("STEPWISE_IT_LONG"));
    }

    /** {@code normal} in the default run, {@code full} in the long one. */
    public static int pick(int normal, int full) {
        return longRun() ? full : normal;
    }
}
