package dev.stepwise.example.spring;

import dev.stepwise.examples.ExampleFlows;
import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowProvider;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The flows this application serves, with the HTML of their widgets. A single flow without a custom
 * widget can be a plain {@code @Bean Flow} instead.
 */
@Component
public class QuoteFlows implements FlowProvider {

    private final ExampleFlows examples = new ExampleFlows();

    @Override
    public List<Flow> flows() {
        return List.of(InsuranceQuote.flow());
    }

    @Override
    public String widgetHtml(String tool) {
        return examples.widgetHtml(tool);
    }
}
