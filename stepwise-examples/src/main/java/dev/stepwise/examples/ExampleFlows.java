package dev.stepwise.examples;

import dev.stepwise.flow.Flow;
import dev.stepwise.flow.FlowProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Registers the bundled example flows and the plan picker widget of {@code insurance_quote}. */
public final class ExampleFlows implements FlowProvider {

    @Override
    public List<Flow> flows() {
        return List.of(InsuranceQuote.flow(), SupportTriage.flow());
    }

    @Override
    public String widgetHtml(String tool) {
        try (InputStream in = ExampleFlows.class.getResourceAsStream("widgets/" + tool + ".html")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read widget " + tool + " from the examples jar", e);
        }
    }
}
