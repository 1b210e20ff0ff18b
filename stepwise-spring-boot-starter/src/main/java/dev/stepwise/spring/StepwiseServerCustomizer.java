package dev.stepwise.spring;

import dev.stepwise.mcp.FlowTools;
import io.modelcontextprotocol.server.McpServer;
import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Turns off the SDK's tool input validation (the engine validates flow inputs and answers in the
 * flow contract, with {@code INVALID_INPUT} or a re-ask) and its output validation (flow results
 * are built to the published schema), then runs every other customizer, Spring AI's included.
 */
final class StepwiseServerCustomizer implements McpSyncServerCustomizer {

    private final ObjectProvider<McpSyncServerCustomizer> others;

    StepwiseServerCustomizer(ObjectProvider<McpSyncServerCustomizer> others) {
        this.others = others;
    }

    @Override
    public void customize(McpServer.SyncSpecification<?> spec) {
        spec.validateToolInputs(false).jsonSchemaValidator(FlowTools.schemaValidator());
        others.orderedStream().filter(c -> c != this).forEach(c -> c.customize(spec));
    }
}
