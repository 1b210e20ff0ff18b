package dev.stepwise.server;

import dev.stepwise.engine.EngineObserver;
import dev.stepwise.micrometer.StepwiseMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/**
 * The meters of {@code serve --metrics}: the engine's ({@link StepwiseMetrics}) and the JVM's
 * (memory, threads, CPU, uptime), in one Prometheus registry.
 */
final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EngineObserver observer = StepwiseMetrics.of(registry);

    ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    EngineObserver observer() {
        return observer;
    }

    /**
     * The store tag for a store URI: its scheme, the database's for JDBC ({@code
     * jdbc:postgresql://…} gives {@code postgresql}). Never the rest of the URI: it may hold hosts
     * and credentials, and a tag must stay fixed.
     */
    static String storeName(String uri) {
        String rest = uri.strip().toLowerCase(Locale.ROOT);
        if (rest.startsWith("jdbc:")) {
            rest = rest.substring("jdbc:".length());
        }
        int colon = rest.indexOf(':');
        String scheme = colon < 0 ? rest : rest.substring(0, colon);
        scheme = scheme.replaceAll("[^a-z0-9-]", "");
        return scheme.isEmpty() ? "store" : scheme;
    }

    void close() {
        registry.close();
    }
}
