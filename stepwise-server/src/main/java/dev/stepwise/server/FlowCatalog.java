package dev.stepwise.server;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowProvider;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The flows a server runs and their widget templates. Without {@code --flows}: every
 * {@link FlowProvider} on the class path (the bundled examples). With a directory: the providers
 * registered in the jars of that directory. Otherwise a comma-separated list of class names, each a
 * {@link FlowProvider} or a class with a public static no-argument {@code flow()} method.
 */
final class FlowCatalog {

    /** Comma-separated Java class names: what --flows holds when it is not a directory. */
    private static final Pattern CLASS_LIST = Pattern.compile(
            "\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}.$]*(\\s*,\\s*\\p{javaJavaIdentifierStart}[\\p{javaJavaIdentifierPart}.$]*)*\\s*,?");

    private final Map<String, Flow> flows;
    private final List<FlowProvider> providers;

    private FlowCatalog(List<FlowProvider> providers) {
        this.providers = List.copyOf(providers);
        Map<String, Flow> byId = new LinkedHashMap<>();
        for (FlowProvider provider : providers) {
            for (Flow flow : provider.flows()) {
                Flow previous = byId.putIfAbsent(flow.id(), flow);
                if (previous != null) {
                    throw new IllegalArgumentException("flow id '" + flow.id() + "' is provided twice (by "
                            + provider.getClass().getName() + " and another provider); flow ids must be unique");
                }
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException("no flows found: put a jar registering a dev.stepwise.flow.FlowProvider"
                    + " service on the class path, or use --flows DIR|CLASS[,CLASS...]");
        }
        this.flows = byId;
    }

    static FlowCatalog load(String option) {
        if (option == null || option.isBlank()) {
            return new FlowCatalog(ServiceLoader.load(FlowProvider.class).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList());
        }
        Path dir = Path.of(option);
        if (Files.isDirectory(dir)) {
            return fromDirectory(dir);
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

    List<Flow> flows() {
        return List.copyOf(flows.values());
    }

    Flow flow(String id) {
        Flow flow = flows.get(id);
        if (flow == null) {
            throw new IllegalArgumentException("no flow '" + id + "'; flows: " + String.join(", ", flows.keySet()));
        }
        return flow;
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

    private static FlowCatalog fromDirectory(Path dir) {
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
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("--flows " + dir + " holds no .jar files");
        }
        URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), FlowCatalog.class.getClassLoader());
        List<FlowProvider> providers = ServiceLoader.load(FlowProvider.class, loader).stream()
                .filter(p -> p.type().getClassLoader() == loader)
                .map(ServiceLoader.Provider::get)
                .toList();
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("no jar in " + dir + " registers a dev.stepwise.flow.FlowProvider in"
                    + " META-INF/services/dev.stepwise.flow.FlowProvider");
        }
        return new FlowCatalog(providers);
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
