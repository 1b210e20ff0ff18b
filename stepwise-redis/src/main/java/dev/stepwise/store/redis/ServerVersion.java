package dev.stepwise.store.redis;

import dev.stepwise.store.StoreException;

/** The Redis version the store needs (6.2: {@code ZRANDMEMBER} in the write script), checked once at build. */
final class ServerVersion {

    static final int[] MINIMUM = {6, 2};

    private ServerVersion() {}

    /**
     * Checks the {@code redis_version} line of an {@code INFO server} reply.
     *
     * @throws StoreException naming the server's version when it is too old or cannot be read
     */
    static void require(String info) {
        String version = null;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                version = line.substring("redis_version:".length()).trim();
            }
        }
        if (version == null) {
            throw new StoreException("cannot tell the Redis server's version from INFO; Redis " + MINIMUM[0] + "."
                    + MINIMUM[1] + " or later is required");
        }
        String[] parts = version.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (major > MINIMUM[0] || (major == MINIMUM[0] && minor >= MINIMUM[1])) {
                return;
            }
        } catch (NumberFormatException e) {
            throw new StoreException("unreadable Redis version '" + version + "'", e);
        }
        throw new StoreException("the Redis server runs " + version + "; the Redis store needs " + MINIMUM[0] + "."
                + MINIMUM[1] + " or later");
    }
}
