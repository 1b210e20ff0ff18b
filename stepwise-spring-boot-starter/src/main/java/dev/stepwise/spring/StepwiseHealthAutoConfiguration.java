package dev.stepwise.spring;

import dev.stepwise.store.VersionedStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code stepwise} health indicator: {@code /actuator/health} is down while the store is
 * unreachable. Off with {@code management.health.stepwise.enabled=false}.
 */
@AutoConfiguration(after = StepwiseAutoConfiguration.class)
// by name, and the health types only in the nested class: applications without Actuator do not
// have them, and this class is read whether or not its condition holds
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(VersionedStore.class)
public class StepwiseHealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("stepwise")
    static class StoreHealth {

        @Bean(name = "stepwiseHealthIndicator")
        @ConditionalOnMissingBean(name = "stepwiseHealthIndicator")
        StoreHealthIndicator stepwiseHealthIndicator(VersionedStore store) {
            return new StoreHealthIndicator(store);
        }
    }
}
