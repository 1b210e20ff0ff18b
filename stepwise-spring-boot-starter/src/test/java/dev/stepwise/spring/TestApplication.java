package dev.stepwise.spring;

import dev.stepwise.examples.ExampleFlows;
import dev.stepwise.flow.Action;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.NodeContext;
import dev.stepwise.flow.Patch;
import dev.stepwise.flow.StateSchema;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.springframework.ai.mcp.customizer.McpSyncServerCustomizer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/** An application of the kind the starter is for: flows as beans, an action as a Spring bean. */
@SpringBootApplication
class TestApplication {

    /** The bundled example flows and their widget HTML. */
    @Bean
    ExampleFlows exampleFlows() {
        return new ExampleFlows();
    }

    /** A flow whose action is a Spring bean, built with the configured flow defaults. */
    @Bean
    Flow greeting(StepwiseFlows flows, Greeter greeter) {
        return flows.builder("greeting")
                .description("Greets someone by name.")
                .state(StateSchema.builder()
                        .string("name", "Who to greet", f -> f.minLength(1))
                        .string("greeting", "The greeting", f -> f.computed())
                        .build())
                .ask("ask_name", a -> a.question("name", "What's your name?"))
                .action("greet", greeter)
                .edge(Flow.START, "ask_name")
                .edge("ask_name", "greet")
                .edge("greet", Flow.END)
                .result(state -> state.getString("greeting"))
                .build();
    }

    /** A tool of the application's own, served next to the flows. */
    @Bean
    List<McpServerFeatures.SyncToolSpecification> ownTools() {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name("ping")
                .description("Answers pong.")
                .inputSchema(Map.of("type", "object"))
                .build();
        return List.of(McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("pong")
                        .build())
                .build());
    }

    /** The application's own server customizer runs too, after the starter's. */
    @Bean
    McpSyncServerCustomizer instructions() {
        return spec -> spec.instructions("Use the flow tools to help the user.");
    }

    /** Node code with an injected dependency. */
    @Component
    static class Greeter implements Action {

        private final Salutation salutation;

        Greeter(Salutation salutation) {
            this.salutation = salutation;
        }

        @Override
        public Patch run(NodeContext ctx) {
            return Patch.of("greeting", salutation.word() + ", " + ctx.state().getString("name") + "!");
        }
    }

    @Component
    static class Salutation {
        String word() {
            return "Welcome";
        }
    }
}
