package dev.stepwise.spring;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stepwise.mcp.FlowTools;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import java.util.List;
import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerJsonMapperAutoConfiguration;
import org.springframework.ai.mcp.server.common.autoconfigure.McpServerStatelessAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the flow tools on the application's Spring AI MCP server ({@code spring.ai.mcp.server.*}):
 * they are published as the tool and resource lists Spring AI collects, for the stateful
 * (streamable HTTP, SSE) and the stateless server alike, next to the application's own tools.
 */
@AutoConfiguration(
        after = StepwiseAutoConfiguration.class,
        before = {
            McpServerJsonMapperAutoConfiguration.class,
            McpServerAutoConfiguration.class,
            McpServerStatelessAutoConfiguration.class
        })
@ConditionalOnClass(McpSyncServerCustomizer.class)
@ConditionalOnProperty(prefix = "spring.ai.mcp.server", name = "enabled", havingValue = "true", matchIfMissing = true)
public class StepwiseMcpServerAutoConfiguration {

    @Bean
    public List<McpServerFeatures.SyncToolSpecification> stepwiseTools(FlowTools tools) {
        return tools.tools();
    }

    @Bean
    public List<McpServerFeatures.SyncResourceSpecification> stepwiseResources(FlowTools tools) {
        return tools.resources();
    }

    @Bean
    public List<McpStatelessServerFeatures.SyncToolSpecification> stepwiseStatelessTools(FlowTools tools) {
        return tools.statelessTools();
    }

    @Bean
    public List<McpStatelessServerFeatures.SyncResourceSpecification> stepwiseStatelessResources(FlowTools tools) {
        return tools.statelessResources();
    }

    /**
     * Hands wrongly typed tool arguments to the engine, which coerces them or answers in the flow
     * contract, instead of the SDK refusing them; then applies the application's own customizers
     * (Spring AI takes a single one).
     */
    @Bean
    @Primary
    public McpSyncServerCustomizer stepwiseMcpSyncServerCustomizer(ObjectProvider<McpSyncServerCustomizer> others) {
        return new StepwiseServerCustomizer(others);
    }

    /**
     * Spring AI's MCP JSON mapper, made as strict as {@code stepwise serve}'s where tool arguments
     * need it: duplicate keys are refused (else {@code {"action":"continue","action":"cancel"}} would
     * run whichever the parser keeps) and decimals stay exact. Backs off when the application defines
     * its own {@code mcpServerJsonMapper}.
     */
    @Bean(name = "mcpServerJsonMapper", defaultCandidate = false)
    @ConditionalOnMissingBean(name = "mcpServerJsonMapper")
    public JsonMapper mcpServerJsonMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .findAndAddModules()
                .changeDefaultPropertyInclusion(
                        incl -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }
}
