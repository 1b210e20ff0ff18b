package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.flow.FlowVersions;
import dev.stepwise.flowfile.FlowFile;
import dev.stepwise.flowfile.FlowFileException;
import dev.stepwise.flowfile.FlowFiles;
import dev.stepwise.flowfile.Problem;
import dev.stepwise.flowfile.Versioning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The flow files ({@code *.yaml}, {@code *.yml}, {@code *.json}) of a {@code --flows} directory and
 * every version of their flows loaded since the server started. Several files may hold versions of
 * one flow; the highest version ({@link FlowVersions#ORDER}) is current: new sessions start on it,
 * while the older ones stay, so sessions started on them finish there. A rescan loads what changed. A file with problems, or one that changes a flow's graph without changing
 * its version, is refused and the flows it held keep serving.
 */
final class FlowFileFolder {

    /** What one rescan did: whether the flows changed, and what it refused (file:line:col messages). */
    record Scan(boolean changed, List<String> refused) {}

    private record Stamp(long size, long modified, String digest) {}

    private final Path dir;
    private final FlowFiles loader;
    private final Set<String> takenIds;
    private final Map<Path, Stamp> stamps = new HashMap<>();
    private final Map<String, Path> owners = new HashMap<>();
    private final Map<String, TreeMap<String, Flow>> versions = new LinkedHashMap<>();
    private final Map<String, Versioning> policies = new HashMap<>();

    private FlowFileFolder(Path dir, FlowFiles loader, Set<String> takenIds) {
        this.dir = dir;
        this.loader = loader;
        this.takenIds = Set.copyOf(takenIds);
    }

    /**
     * Loads every flow file of {@code dir}.
     *
     * @param takenIds flow ids other sources (jars) already serve
     * @throws IllegalArgumentException listing every problem, when any file cannot be served
     */
    static FlowFileFolder open(Path dir, FlowFiles loader, Set<String> takenIds) {
        FlowFileFolder folder = new FlowFileFolder(dir, loader, takenIds);
        Scan scan = folder.rescan();
        if (!scan.refused().isEmpty()) {
            throw new IllegalArgumentException(
                    "flow files in " + dir + " cannot be served:\n  " + String.join("\n  ", scan.refused()));
        }
        return folder;
    }

    static boolean isFlowFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    static boolean holdsFlowFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> isFlowFile(p) && Files.isRegularFile(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads the files that changed since the last scan. */
    synchronized Scan rescan() {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> isFlowFile(p) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return new Scan(false, List.of(dir + ": cannot be listed: " + e.getMessage()));
        }
        boolean changed = false;
        List<String> refused = new ArrayList<>();
        for (Path file : files) {
            changed |= load(file, refused);
        }
        return new Scan(changed, List.copyOf(refused));
    }

    private boolean load(Path file, List<String> refused) {
        byte[] content;
        Stamp stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Stamp known = stamps.get(file);
            if (known != null
                    && known.size() == attributes.size()
                    && known.modified() == attributes.lastModifiedTime().toMillis()) {
                return false;
            }
            content = Files.readAllBytes(file);
            stamp = new Stamp(attributes.size(), attributes.lastModifiedTime().toMillis(), digest(content));
        } catch (IOException e) {
            refused.add(file + ": cannot be read: " + e.getMessage());
            return false;
        }
        Stamp known = stamps.put(file, stamp);
        if (known != null && known.digest().equals(stamp.digest())) {
            return false; // touched, not changed
        }
        Flow flow;
        Versioning versioning;
        try {
            FlowFile read = loader.read(file.toString(), content);
            flow = read.flow();
            versioning = read.versioning();
        } catch (FlowFileException e) {
            e.problems().stream().map(Problem::toString).forEach(refused::add);
            return false;
        }
        String key = flow.id() + "@" + flow.version();
        Path owner = owners.get(key);
        if (takenIds.contains(flow.id())) {
            refused.add(file + ": flow id '" + flow.id() + "' is already served by a jar; flow ids must be unique");
            return false;
        }
        if (owner != null && !owner.equals(file) && Files.exists(owner)) {
            refused.add(file + ": flow '" + flow.id() + "' version " + flow.version() + " is already defined by "
                    + owner + "; give each version of a flow its own file");
            return false;
        }
        Map<String, Flow> served = versions.getOrDefault(flow.id(), new TreeMap<>());
        Flow same = served.get(flow.version());
        if (same != null && !same.graphHash().equals(flow.graphHash())) {
            refused.add(file + ": changes the graph of flow '" + flow.id() + "' but keeps version " + flow.version()
                    + "; sessions started on it would no longer fit: give the flow a new version");
            return false;
        }
        owners.put(key, file);
        policies.put(key, versioning);
        versions.computeIfAbsent(flow.id(), id -> new TreeMap<>(FlowVersions.ORDER))
                .put(flow.version(), flow);
        return true;
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The current version of each flow. */
    synchronized List<Flow> current() {
        List<Flow> current = new ArrayList<>();
        for (TreeMap<String, Flow> byVersion : versions.values()) {
            current.add(byVersion.lastEntry().getValue());
        }
        return current;
    }

    /**
     * Registers the versions to serve with an engine, per each flow's policy (that of its current
     * version): {@code finish-on-old} keeps every version; {@code migrate} drops the version it
     * migrates from and registers the migration; {@code restart} keeps only the current version and
     * sends the sessions of the others back to its first node with an empty state. Each flow is passed
     * through {@code adjust} first.
     */
    synchronized void register(FlowEngine.Builder engine, UnaryOperator<Flow> adjust) {
        versions.forEach((id, byVersion) -> {
            List<Flow> all = List.copyOf(byVersion.values());
            Flow current = all.get(all.size() - 1);
            Versioning versioning = policies.getOrDefault(id + "@" + current.version(), Versioning.FINISH_ON_OLD);
            for (Flow old : all.subList(0, all.size() - 1)) {
                switch (versioning.policy()) {
                    case FINISH_ON_OLD -> engine.register(adjust.apply(old));
                    case MIGRATE -> {
                        if (!old.version().equals(versioning.from())) {
                            engine.register(adjust.apply(old));
                        }
                    }
                    case RESTART -> engine.migration(FlowMigration.restart(old.version(), current));
                }
            }
            engine.register(adjust.apply(current));
            if (versioning.policy() == Versioning.Policy.MIGRATE
                    && versioning.migration() != null
                    && !current.version().equals(versioning.from())) {
                engine.migration(id, versioning.from(), current.version(), versioning.migration());
            }
        });
    }

    /** Every loaded version of each flow, oldest first, the current one last. */
    synchronized Map<String, List<Flow>> versions() {
        Map<String, List<Flow>> copy = new LinkedHashMap<>();
        versions.forEach((id, byVersion) -> copy.put(id, List.copyOf(byVersion.values())));
        return copy;
    }
}
