package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Help text keeps addresses and paths whole on one line, where a reader can copy them. */
class HelpWrappingTest {

    private static boolean hasLine(String help, String... parts) {
        return help.lines().anyMatch(line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void theServeAddressIsNeverCutMidToken() {
        String top = Cli.run("--help").out();
        String serve = Cli.run("serve", "--help").out();
        assertTrue(hasLine(serve, "http://127.0.0.1:8787/mcp"), serve);
        assertTrue(!top.contains("http:\n") && !serve.contains("http:\n"), top + serve);
    }

    @Test
    void theFlowProviderInterfaceNameIsNeverCut() {
        String serve = Cli.run("serve", "--help").out();
        assertTrue(hasLine(serve, "dev.stepwise.flow.FlowProvider"), serve);
    }

    @Test
    void theBenchFooterKeepsItsDocumentPathWhole() {
        String top = Cli.run("--help").out();
        assertTrue(hasLine(top, "./stepwise bench [--quick]"), top);
        assertTrue(hasLine(top, "(see docs/benchmarks.md)"), top);
        assertTrue(top.lines().noneMatch(line -> line.startsWith("docs/")), top);
    }
}
