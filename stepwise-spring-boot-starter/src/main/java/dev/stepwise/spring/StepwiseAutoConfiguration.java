package dev.stepwise.spring;

import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.LogListener;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowMigration;
import dev.stepwise.flow.FlowProvider;
import dev.stepwise.flow.FlowVersions;
import dev.stepwise.mcp.CallObserver;
import dev.stepwise.mcp.FlowTools;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.crypto.EncryptedStore;
import dev.stepwise.store.crypto.KeyRing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The store, the engine over every {@link Flow} bean (and the flows of every {@link FlowProvider}
 * bean), and their MCP tools. Each bean backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(StepwiseProperties.class)
public class StepwiseAutoConfiguration {

    /**
     * The store of {@code stepwise.store.uri}, else over the application's only {@link DataSource},
     * else {@code sqlite:./stepwise.db}. Closed with the context.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(VersionedStore.class)
    public VersionedStore stepwiseStore(StepwiseProperties properties, ObjectProvider<DataSource> dataSource) {
        return StepwiseStores.open(properties.getStore().getUri(), dataSource.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    public StepwiseFlows stepwiseFlows(StepwiseProperties properties) {
        return new StepwiseFlows(properties.getFlows());
    }

    /**
     * The engine over the store (encrypted with the {@link KeyRing} bean or
     * {@code stepwise.encryption.key-file} when either is set) serving every flow bean. Several
     * beans may hold versions of one flow: the newest ({@link FlowVersions#ORDER}) is what new
     * sessions start on, older ones finish their sessions; {@link FlowMigration} beans (and the
     * providers' migrations) move the sessions of versions no longer defined.
     */
    @Bean
    @ConditionalOnMissingBean
    public FlowEngine stepwiseEngine(
            VersionedStore store,
            StepwiseProperties properties,
            ObjectProvider<KeyRing> keyRing,
            ObjectProvider<Flow> flows,
            ObjectProvider<FlowProvider> providers,
            ObjectProvider<FlowMigration> migrations,
            ObjectProvider<LogListener> listeners,
            ObjectProvider<StepwiseEngineCustomizer> customizers) {
        KeyRing keys =
                keyRing.getIfAvailable(() -> keysFrom(properties.getEncryption().getKeyFile()));
        FlowEngine.Builder builder = FlowEngine.builder()
                .store(keys == null ? store : EncryptedStore.wrap(store, keys))
                .maxAttempts(properties.getMaxAttempts())
                .projectId(properties.getProjectId())
                .completedRetention(properties.getSessions().getCompletedRetention())
                .keepCompletedState(properties.getSessions().isKeepCompletedState())
                .readEveryTurn(properties.getSessions().isReadEveryTurn())
                .logPolicy(properties.getLog().toPolicy())
                .resourceLimits(
                        properties.getResources().getMaxBytes(),
                        properties.getResources().getTtl());
        List<Flow> all = new ArrayList<>();
        flows.orderedStream().forEach(all::add);
        providers.orderedStream().forEach(p -> all.addAll(p.flows()));
        if (all.isEmpty()) {
            throw new IllegalStateException("stepwise: no flows to serve; define a Flow bean (or a FlowProvider bean)");
        }
        FlowVersions.servingOrder(all).forEach(builder::register);
        providers.orderedStream().forEach(p -> p.migrations().forEach(builder::migration));
        migrations.orderedStream().forEach(builder::migration);
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * The MCP tools of the engine's flows: one per flow, plus the display tool and {@code ui://}
     * resources of each widget, whose HTML comes from the {@link FlowProvider} beans (else a generic
     * template). Calls are reported to the {@link CallObserver} bean when there is one.
     */
    @Bean
    @ConditionalOnMissingBean
    public FlowTools stepwiseFlowTools(
            FlowEngine engine, ObjectProvider<FlowProvider> providers, ObjectProvider<CallObserver> observer) {
        List<FlowProvider> htmlSources = providers.orderedStream().toList();
        return FlowTools.builder(engine)
                .observer(observer.getIfAvailable(() -> CallObserver.NONE))
                .widgetHtml(tool -> htmlSources.stream()
                        .map(p -> p.widgetHtml(tool))
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null))
                .build();
    }

    private static KeyRing keysFrom(Path file) {
        return file == null ? null : KeyRing.fromFile(file);
    }
}
