package dev.stepwise.store.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes key ring files in the format {@link KeyRing#fromFile(Path)} reads: creating a ring with
 * one fresh key, and rotating (a new current key, every older key kept). Files are written with
 * mode 0600 where the file system has POSIX permissions, and replaced atomically, so a server
 * reading the file never sees half of it.
 */
public final class KeyRingFile {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(KeyRingFile.class);

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private KeyRingFile() {}

    /**
     * Creates {@code file} holding one new random key, current.
     *
     * @param keyId the new key's id, or null for one made from the date ({@code k20261204-1})
     * @return the new key's id
     * @throws IllegalArgumentException when the file exists (it may hold keys still needed) or the id is invalid
     */
    public static String generate(Path file, String keyId) {
        if (Files.exists(file)) {
            throw new IllegalArgumentException("key ring file " + file
                    + " already exists; it may hold keys your records need. Use 'stepwise keys rotate' to add a key");
        }
        String id = keyId == null ? newId(null) : checked(keyId);
        KeyRing ring = KeyRing.builder().current(id, randomKey()).build();
        write(file, ring, true);
        return id;
    }

    /**
     * Adds a new random key to an existing file and makes it current; every key already there is
     * kept, so records sealed with them still open.
     *
     * @param keyId the new key's id, or null for one made from the date and not yet in the ring
     * @return the new key's id
     * @throws IllegalArgumentException when the file is not a valid key ring or already has {@code keyId}
     */
    public static String rotate(Path file, String keyId) {
        KeyRing old = KeyRing.fromFile(file);
        String id = keyId == null ? newId(old) : checked(keyId);
        if (old.contains(id)) {
            throw new IllegalArgumentException("key ring file " + file + " already has a key '" + id + "'");
        }
        KeyRing.Builder builder = KeyRing.builder().current(id, randomKey());
        for (String existing : old.keyIds()) {
            builder.add(
                    existing,
                    Objects.requireNonNull(old.key(existing), existing).getEncoded());
        }
        write(file, builder.build(), false);
        return id;
    }

    /** The file's text: the current key named first, then every key, current first. */
    static String text(KeyRing ring) {
        StringBuilder out = new StringBuilder();
        out.append("# Stepwise key ring (AES-256). Keep this file private (mode 600) and backed up:\n");
        out.append("# records sealed with a key cannot be read without it.\n");
        out.append("current=").append(ring.currentKeyId()).append('\n');
        for (String id : ring.keyIds()) {
            out.append(id)
                    .append('=')
                    .append(Base64.getEncoder()
                            .encodeToString(
                                    Objects.requireNonNull(ring.key(id), id).getEncoded()))
                    .append('\n');
        }
        return out.toString();
    }

    private static void write(Path file, KeyRing ring, boolean create) {
        Path absolute = file.toAbsolutePath();
        Path dir = Objects.requireNonNull(absolute.getParent(), () -> "key ring file " + file + " has no directory");
        Path temp = null;
        try {
            temp = privateTempFile(dir, absolute.getFileName().toString());
            Files.writeString(temp, text(ring), StandardCharsets.UTF_8);
            if (create) {
                // A plain create: never replace a file that appeared meanwhile.
                Files.move(temp, absolute);
            } else {
                try {
                    Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            temp = null;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("key ring file " + file + " appeared while writing it; nothing changed");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key ring file " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                removeLeftover(temp);
            }
        }
    }

    /**
     * Removes the temporary file of a failed write. The write's own error is already on its way to the
     * caller; throwing here would replace it, so a file that cannot be removed is logged instead.
     */
    private static void removeLeftover(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("cannot remove the temporary key ring file {}; delete it by hand", temp, e);
        }
    }

    /** A new empty file beside the target, readable and writable by its owner only from its creation. */
    private static Path privateTempFile(Path dir, String name) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return Files.createTempFile(
                    dir,
                    "." + name,
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(dir, "." + name, ".tmp");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KeyRing.KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    private static String checked(String keyId) {
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id '" + keyId + "' must be 1..64 chars of [A-Za-z0-9._-]");
        }
        return keyId;
    }

    /** {@code kYYYYMMDD-N}, N the first number not used in {@code ring}. */
    private static String newId(@Nullable KeyRing ring) {
        String day = Instant.now().toString().substring(0, 10).replace("-", "");
        for (int n = 1; ; n++) {
            String id = "k" + day + "-" + n;
            if (ring == null || !ring.contains(id)) {
                return id;
            }
        }
    }
}
