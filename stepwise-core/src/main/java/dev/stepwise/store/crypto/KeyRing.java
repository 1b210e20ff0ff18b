package dev.stepwise.store.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named AES-256 keys for {@link EncryptedStore}: one current key that encrypts every write, and
 * any number of older keys kept only to decrypt records written before a rotation.
 *
 * <p>Rotating: make the new key current and keep the old one; records move to the new key as they
 * are written again. Once no record uses the old key (or those left may become unreadable), drop
 * it. Key ids are 1..64 chars of {@code [A-Za-z0-9._-]} and are written into every envelope; key
 * bytes never appear in messages or {@link #toString()}.
 *
 * <h2>File format ({@link #fromFile(Path)})</h2>
 * <pre>
 * # blank lines and lines starting with # are ignored
 * current=k2                              # optional; without it the first key listed is current
 * k2=3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
 * k1=base64 of 32 random bytes, e.g. from: openssl rand -base64 32
 * </pre>
 * Keep the file readable by the server's user only.
 */
public final class KeyRing {

    /** Key length in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String current;
    private final Map<String, SecretKey> keys;
    private final List<String> order;

    private KeyRing(String current, Map<String, SecretKey> keys) {
        this.current = current;
        this.keys = Map.copyOf(keys);
        this.order = List.copyOf(keys.keySet());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a key ring file (format above).
     *
     * @throws IllegalArgumentException naming the file, line and problem (never the key bytes)
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static KeyRing fromFile(Path file) {
        List<String> lines;
        try {
            warnIfOthersCanRead(file);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key ring file " + file + ": " + e.getMessage(), e);
        }
        String current = null;
        int currentLine = 0;
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = "key ring file " + file + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + ": expected ID=BASE64KEY or current=ID");
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (name.equals("current")) {
                if (current != null) {
                    throw new IllegalArgumentException(
                            where + ": current is set twice (first on line " + currentLine + ")");
                }
                current = value;
                currentLine = i + 1;
                continue;
            }
            checkId(name, where);
            if (keys.containsKey(name)) {
                throw new IllegalArgumentException(where + ": key id '" + name + "' appears twice");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": key '" + name + "' is not valid base64");
            }
            checkLength(name, key, where);
            keys.put(name, key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("key ring file " + file + " holds no keys; add a line ID=BASE64KEY "
                    + "(e.g. k1=$(openssl rand -base64 32))");
        }
        if (current == null) {
            current = keys.keySet().iterator().next();
        } else if (!keys.containsKey(current)) {
            throw new IllegalArgumentException("key ring file " + file + " line " + currentLine + ": current key '"
                    + current + "' is not defined in the file");
        }
        Builder builder = builder().current(current, Objects.requireNonNull(keys.get(current), current));
        for (Map.Entry<String, byte[]> entry : keys.entrySet()) {
            if (!entry.getKey().equals(current)) {
                builder.add(entry.getKey(), entry.getValue());
            }
        }
        keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
        return builder.build();
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.warn(
                    "key ring file {} is readable by other users ({}); restrict it with chmod 600",
                    file,
                    PosixFilePermissions.toString(permissions));
        }
    }

    /** The id of the key that encrypts. */
    public String currentKeyId() {
        return current;
    }

    /** Every key id, the current one first. */
    public List<String> keyIds() {
        return order;
    }

    /** Whether a key with this id is in the ring. */
    public boolean contains(String keyId) {
        return keys.containsKey(keyId);
    }

    SecretKey currentKey() {
        return Objects.requireNonNull(keys.get(current), current);
    }

    /** The key with this id, or null. */
    @Nullable SecretKey key(String keyId) {
        return keys.get(keyId);
    }

    @Override
    public String toString() {
        return "KeyRing[current=" + current + ", keys=" + order + "]";
    }

    private static void checkId(String id, String where) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(where + ": key id '" + id + "' must be 1..64 chars of [A-Za-z0-9._-]");
        }
    }

    private static void checkLength(String id, byte[] key, String where) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(where + ": key '" + id + "' is " + key.length + " bytes; AES-256 needs "
                    + KEY_BYTES + " (e.g. openssl rand -base64 32)");
        }
    }

    /** Collects the keys of a {@link KeyRing}. */
    public static final class Builder {

        private @Nullable String current;
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();

        private Builder() {}

        /** The key that encrypts from now on (exactly one). The bytes are copied. */
        public Builder current(String keyId, byte[] key) {
            if (current != null) {
                throw new IllegalArgumentException("key ring already has a current key '" + current + "'");
            }
            put(keyId, key);
            current = keyId;
            return this;
        }

        /** A key kept to decrypt records written with it. The bytes are copied. */
        public Builder add(String keyId, byte[] key) {
            put(keyId, key);
            return this;
        }

        private void put(String keyId, byte[] key) {
            checkId(keyId, "key ring");
            Objects.requireNonNull(key, "key");
            checkLength(keyId, key, "key ring");
            if (keys.containsKey(keyId)) {
                throw new IllegalArgumentException("key ring: key id '" + keyId + "' added twice");
            }
            keys.put(keyId, new SecretKeySpec(key.clone(), "AES"));
        }

        /**
         * The key ring with the keys added so far.
         *
         * @throws IllegalArgumentException when no current key was set
         */
        public KeyRing build() {
            if (current == null) {
                throw new IllegalArgumentException("key ring has no current key; call current(id, key)");
            }
            Map<String, SecretKey> ordered = new LinkedHashMap<>();
            ordered.put(current, keys.get(current));
            keys.forEach(ordered::putIfAbsent);
            return new KeyRing(current, ordered);
        }
    }
}
