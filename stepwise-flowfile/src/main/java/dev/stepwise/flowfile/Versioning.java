package dev.stepwise.flowfile;

import dev.stepwise.flow.Migration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What happens to sessions started on an older version of a flow when this version is served
 * beside it (the file's {@code versioning} key; see {@code docs/flowfiles.md}).
 *
 * @param policy    what a server does with sessions of older versions
 * @param from      with {@link Policy#MIGRATE}: the version whose sessions move onto this one
 * @param migration with {@link Policy#MIGRATE}: how they move (node renames and CEL assignments)
 */
public record Versioning(
        Policy policy, @Nullable String from, @Nullable Migration migration) {

    /** The default: sessions finish on the version they started on. */
    public static final Versioning FINISH_ON_OLD = new Versioning(Policy.FINISH_ON_OLD, null, null);

    /** A server's choice for the sessions of older versions. */
    public enum Policy {
        /** Older versions stay served until their sessions end; new sessions start on the newest. */
        FINISH_ON_OLD,
        /** Sessions of the version named by {@code from} are moved onto this version at their next call. */
        MIGRATE,
        /** Sessions of older versions start over on this version, from its first node, at their next call. */
        RESTART;

        /** The name used in files: {@code finish-on-old}, {@code migrate}, {@code restart}. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
