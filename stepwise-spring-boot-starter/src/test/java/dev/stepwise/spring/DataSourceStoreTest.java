package dev.stepwise.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.zaxxer.hikari.HikariDataSource;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.flow.Flow;
import dev.stepwise.json.Json;
import dev.stepwise.store.VersionedStore;
import dev.stepwise.store.jdbc.JdbcStore;
import dev.stepwise.store.tck.Services;
import dev.stepwise.store.tck.TcpProxy;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The application's own Hikari pool on PostgreSQL carries the sessions when no store URI is set,
 * and the health indicator follows that database.
 */
class DataSourceStoreTest {

    @Test
    void sessionsLiveInTheApplicationsPoolAndHealthFollowsIt() {
        Services.assumeListening("PostgreSQL", "127.0.0.1", 5432);
        try (TcpProxy proxy = new TcpProxy(5432)) {
            HikariDataSource pool = new HikariDataSource(); // a bean: the context closes it
            pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=postgres");
            pool.setConnectionTimeout(2_000);
            pool.setInitializationFailTimeout(-1);
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            StepwiseAutoConfiguration.class, StepwiseHealthAutoConfiguration.class))
                    .withBean("insuranceQuote", Flow.class, InsuranceQuote::flow)
                    .withBean(DataSource.class, () -> pool)
                    .run(context -> {
                        assertInstanceOf(JdbcStore.class, context.getBean(VersionedStore.class));
                        FlowResponse first = context.getBean(FlowEngine.class)
                                .call(InsuranceQuote.ID, Json.parse("{\"action\":\"start\"}"), null, null);
                        assertEquals(
                                "interrupt", first.status(), first.toJson(true).toString());

                        StoreHealthIndicator health = context.getBean(StoreHealthIndicator.class);
                        assertEquals(Status.UP, health.health().getStatus());
                        proxy.cut();
                        assertEquals(Status.DOWN, health.health().getStatus());
                    });
        }
    }
}
