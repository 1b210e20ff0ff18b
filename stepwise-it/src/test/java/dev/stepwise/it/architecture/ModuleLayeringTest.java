package dev.stepwise.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module graph, pinned on the compiled main classes of every module: core (the SPI and the
 * engine) depends on no backend and no integration, a backend never depends on another backend, no
 * module reaches into another module's {@code internal} packages, and the modules form no cycle.
 * A stray import fails the build, not a review.
 */
class ModuleLayeringTest {

    /** Module name by root package; every other {@code dev.stepwise} package belongs to core. */
    private static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("dev.stepwise.store.file", "stepwise-file"),
            Map.entry("dev.stepwise.store.jdbc", "stepwise-jdbc"),
            Map.entry("dev.stepwise.store.redis", "stepwise-redis"),
            Map.entry("dev.stepwise.store.mongodb", "stepwise-mongodb"),
            Map.entry("dev.stepwise.store.dynamodb", "stepwise-dynamodb"),
            Map.entry("dev.stepwise.store.workerskv", "stepwise-workers-kv"),
            Map.entry("dev.stepwise.store.tck", "stepwise-store-tck"),
            Map.entry("dev.stepwise.micrometer", "stepwise-micrometer"),
            Map.entry("dev.stepwise.mcp", "stepwise-mcp"),
            Map.entry("dev.stepwise.flowfile", "stepwise-flowfile"),
            Map.entry("dev.stepwise.server", "stepwise-server"),
            Map.entry("dev.stepwise.examples", "stepwise-examples"),
            Map.entry("dev.stepwise.bench", "stepwise-bench"));

    private static final List<String> BACKENDS = List.of(
            "stepwise-file",
            "stepwise-jdbc",
            "stepwise-redis",
            "stepwise-mongodb",
            "stepwise-dynamodb",
            "stepwise-workers-kv");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // Only Stepwise's own jars and class folders: scanning every third-party jar takes a minute.
        Set<Location> ours = Arrays.stream(classPath().split(File.pathSeparator))
                .filter(p -> p.contains("stepwise-") && !p.contains("test-classes"))
                .map(ModuleLayeringTest::location)
                .collect(Collectors.toSet());
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(ours);
        // A rule over nothing passes; make sure core, a backend and the server were all found.
        for (String module : List.of("core", "stepwise-jdbc", "stepwise-server")) {
            if (classes.stream().noneMatch(c -> module.equals(moduleOf(c)))) {
                throw new AssertionError("no main class of " + module + " was found on the class path");
            }
        }
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses()
                .that(inModule(m -> m.equals("core"), "in core"))
                .should()
                .dependOnClassesThat(inModule(m -> !m.equals("core"), "in another Stepwise module"))
                .because("core is the SPI and the engine; backends and integrations plug into it, never the reverse")
                .check(classes);
    }

    @Test
    void noBackendDependsOnAnotherBackend() {
        slices().assignedFrom(modules(BACKENDS::contains))
                .should()
                .notDependOnEachOther()
                .because("an application pulls core plus the one store it uses")
                .check(classes);
    }

    @Test
    void modulesFormNoCycle() {
        slices().assignedFrom(modules(m -> true)).should().beFreeOfCycles().check(classes);
    }

    @Test
    void internalPackagesStayInsideTheirModule() {
        for (String module :
                Stream.concat(Stream.of("core"), MODULES.values().stream()).toList()) {
            String internal = "core".equals(module) ? "dev.stepwise.internal.." : rootOf(module) + ".internal..";
            noClasses()
                    .that(inModule(m -> !m.equals(module), "outside " + module))
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(internal)
                    .because("an internal package is free to change; only its own module may use it")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    private static SliceAssignment modules(Predicate<String> include) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String module = moduleOf(c);
                return module != null && include.test(module) ? SliceIdentifier.of(module) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "Stepwise modules";
            }
        };
    }

    private static Location location(String path) {
        if (!path.endsWith(".jar")) {
            return Location.of(Path.of(path));
        }
        try {
            return Location.of(new JarFile(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    /** Surefire runs tests from a manifest-only jar and passes the real class path in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static String rootOf(String module) {
        return MODULES.entrySet().stream()
                .filter(e -> e.getValue().equals(module))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    /** The module a class belongs to, or null for classes outside Stepwise. */
    static String moduleOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.equals("dev.stepwise") && !pkg.startsWith("dev.stepwise.")) {
            return null;
        }
        return MODULES.entrySet().stream()
                .filter(e -> pkg.equals(e.getKey()) || pkg.startsWith(e.getKey() + "."))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("core");
    }

    private static DescribedPredicate<JavaClass> inModule(Predicate<String> module, String description) {
        return DescribedPredicate.describe(description, c -> {
            String m = moduleOf(c);
            return m != null && module.test(m);
        });
    }
}
