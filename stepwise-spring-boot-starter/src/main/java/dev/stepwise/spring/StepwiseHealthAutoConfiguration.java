package dev.stepwise.spring;

import dev.stepwise.store.VersionedStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code stepwise} health indicator: {@code /actuator/health} is down while the store is
 * unreachable. Off with {@code management.health.stepwise.enabled=false}.
 */
@AutoConfiguration(after = StepwiseAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(VersionedStore.class)
@ConditionalOnEnabledHealthIndicator("stepwise")
public class StepwiseHealthAutoConfiguration {

    @Bean(name = "stepwiseHealthIndicator")
    @ConditionalOnMissingBean(name = "stepwiseHealthIndicator")
    public StoreHealthIndicator stepwiseHealthIndicator(VersionedStore store) {
        return new StoreHealthIndicator(store);
    }
}
