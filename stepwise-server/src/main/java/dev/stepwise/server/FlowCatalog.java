package dev.stepwise.server;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.flow.FlowProvider;
import dev.stepwise.flow.FlowVersions;
import dev.stepwise.flowfile.ActionRegistry;
import dev.stepwise.flowfile.FlowFiles;
import dev.stepwise.flowfile.WebhookSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The flows a server runs and their widget templates. Without {@code --flows}: every
 * {@link FlowProvider} on the class path (the bundled examples). With a directory: the providers
 * registered in the jars of that directory and the flow files beside them ({@link FlowFileFolder},
 * reloaded when they change). Otherwise a comma-separated list of class names, each a
 * {@link FlowProvider} or a class with a public static no-argument {@code flow()} method.
 */
final class FlowCatalog {

    /** Comma-separated Java class names: what --flows holds when it is not a directory. */
    private static final Pattern CLASS_LIST = Pattern.compile(
            "\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}.$]*(\\s*,\\s*\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}.$]*)*\\s*,?");

    /** The jar flows: every version of each, oldest first. */
    private final Map<String, TreeMap<String, Flow>> flows;

    private final List<FlowMigration> migrations;
    private final List<FlowProvider> providers;
    private final FlowFileFolder files;

    private FlowCatalog(List<FlowProvider> providers) {
        this(providers, null, null, WebhookSettings.none());
    }

    /** Jar flows from {@code providers}, plus the flow files of {@code dir} when it is not null. */
    private FlowCatalog(List<FlowProvider> providers, Path dir, ClassLoader actions, WebhookSettings webhooks) {
        this.providers = List.copyOf(providers);
        Map<String, TreeMap<String, Flow>> byId = new LinkedHashMap<>();
        Map<String, String> listedBy = new HashMap<>();
        for (FlowProvider provider : providers) {
            String name = provider.getClass().getName();
            for (Flow flow : provider.flows()) {
                String previous = listedBy.putIfAbsent(flow.id() + "@" + flow.version(), name);
                if (previous != null) {
                    throw new IllegalArgumentException("flow '" + flow.id() + "' version " + flow.version()
                            + " is provided twice (by " + previous + " and " + name
                            + "); list each version of a flow once");
                }
                byId.computeIfAbsent(flow.id(), id -> new TreeMap<>(FlowVersions.ORDER))
                        .put(flow.version(), flow);
            }
        }
        List<FlowMigration> declared = new ArrayList<>();
        for (FlowProvider provider : providers) {
            for (FlowMigration migration : provider.migrations()) {
                if (!listedBy.containsKey(migration.flowId() + "@" + migration.to())) {
                    throw new IllegalArgumentException(provider.getClass().getName() + " migrates flow '"
                            + migration.flowId() + "' from version " + migration.from() + " to version "
                            + migration.to() + ", which no provider lists");
                }
                declared.add(migration);
            }
        }
        this.files = dir == null
                ? null
                : FlowFileFolder.open(dir, FlowFiles.with(ActionRegistry.discover(actions), webhooks), byId.keySet());
        if (byId.isEmpty() && (files == null || files.current().isEmpty())) {
            throw new IllegalArgumentException("no flows found: put a jar registering a dev.stepwise.flow.FlowProvider"
                    + " service on the class path, or use --flows DIR|CLASS[,CLASS...]");
        }
        this.flows = byId;
        this.migrations = List.copyOf(declared);
    }

    static FlowCatalog load(String option) {
        return load(option, WebhookSettings.none());
    }

    /** As {@link #load(String)}, flow files calling webhooks as {@code webhooks} allows. */
    static FlowCatalog load(String option, WebhookSettings webhooks) {
        if (option == null || option.isBlank()) {
            return new FlowCatalog(ServiceLoader.load(FlowProvider.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList());
        }
        Path dir = Path.of(option);
        if (Files.isDirectory(dir)) {
            return fromDirectory(dir, webhooks);
        }
        if (!CLASS_LIST.matcher(option.strip()).matches()) {
            // not a list of class names, so it was meant as a directory
            throw new IllegalArgumentException("--flows " + option + ": "
                    + (Files.exists(dir)
                            ? "is a file, not a directory; give the directory that holds the flow jars"
                            : "no such directory " + dir.toAbsolutePath().normalize())
                    + " (--flows takes a directory of flow jars or FlowProvider class names)");
        }
        List<FlowProvider> providers = new ArrayList<>();
        for (String name : option.split(",")) {
            if (!name.isBlank()) {
                providers.add(fromClass(name.trim()));
            }
        }
        return new FlowCatalog(providers);
    }

    /** The current version of every flow: the jars' flows, then the flow files'. */
    List<Flow> flows() {
        List<Flow> all = new ArrayList<>();
        flows.values().forEach(byVersion -> all.add(byVersion.lastEntry().getValue()));
        if (files != null) {
            all.addAll(files.current());
        }
        return List.copyOf(all);
    }

    /** Registers every flow version to serve, and the migrations between them, on {@code engine}. */
    void register(FlowEngine.Builder engine) {
        register(engine, UnaryOperator.identity());
    }

    /** As {@link #register(FlowEngine.Builder)}, each flow passed through {@code adjust} first (serve's limits). */
    void register(FlowEngine.Builder engine, UnaryOperator<Flow> adjust) {
        flows.values().forEach(byVersion -> byVersion.values().forEach(flow -> engine.register(adjust.apply(flow))));
        migrations.forEach(engine::migration);
        if (files != null) {
            files.register(engine, adjust);
        }
    }

    /** Whether flow files are served (and so may change while the server runs). */
    boolean reloadable() {
        return files != null;
    }

    /** Loads the flow files that changed; for jar flows alone, nothing ever changes. */
    FlowFileFolder.Scan rescan() {
        return files == null ? new FlowFileFolder.Scan(false, List.of()) : files.rescan();
    }

    Flow flow(String id) {
        for (Flow flow : flows()) {
            if (flow.id().equals(id)) {
                return flow;
            }
        }
        throw new IllegalArgumentException("no flow '" + id + "'; flows: "
                + String.join(", ", flows().stream().map(Flow::id).toList()));
    }

    /** The HTML a provider supplies for a widget tool, or null. */
    String widgetHtml(String tool) {
        for (FlowProvider provider : providers) {
            String html = provider.widgetHtml(tool);
            if (html != null) {
                return html;
            }
        }
        return null;
    }

    private static FlowCatalog fromDirectory(Path dir, WebhookSettings webhooks) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar :
                    files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("cannot use a jar in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list flow jars in " + dir + ": " + e.getMessage(), e);
        }
        boolean flowFiles = FlowFileFolder.holdsFlowFiles(dir);
        if (jars.isEmpty() && !flowFiles) {
            throw new IllegalArgumentException(
                    "--flows " + dir + " holds no .jar files and no flow files (*.yaml, *.yml, *.json)");
        }
        URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), FlowCatalog.class.getClassLoader());
        List<FlowProvider> providers = ServiceLoader.load(FlowProvider.class, loader).stream()
                .filter(p -> p.type().getClassLoader() == loader)
                .map(ServiceLoader.Provider::get)
                .toList();
        if (providers.isEmpty() && !flowFiles) {
            throw new IllegalArgumentException("no jar in " + dir + " registers a dev.stepwise.flow.FlowProvider in"
                    + " META-INF/services/dev.stepwise.flow.FlowProvider");
        }
        return new FlowCatalog(providers, flowFiles ? dir : null, loader, webhooks);
    }

    private static FlowProvider fromClass(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, true, FlowCatalog.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "--flows: " + name + " is neither a directory nor a class on the class path", e);
        }
        try {
            if (FlowProvider.class.isAssignableFrom(type)) {
                return (FlowProvider) type.getConstructor().newInstance();
            }
            Method method = type.getMethod("flow");
            if (!Modifier.isStatic(method.getModifiers()) || !Flow.class.isAssignableFrom(method.getReturnType())) {
                throw new NoSuchMethodException();
            }
            Flow flow = (Flow) method.invoke(null);
            return () -> List.of(flow);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    "--flows: " + name + " is neither a FlowProvider with a public no-argument"
                            + " constructor nor a class with a public static Flow flow() method",
                    e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("--flows: cannot create flows from " + name + ": " + e.getCause(), e);
        }
    }
}
