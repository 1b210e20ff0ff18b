package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stepwise flows validate|diff|graph} on flow files. */
class FlowFileCommandsTest {

    @Test
    void validateExitsZeroForValidFiles(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("greet.yaml"), FlowFileReloadTest.V1);
        Cli cli = Cli.run("flows", "validate", file.toString());
        assertEquals(0, cli.exit(), cli.toString());
        assertTrue(cli.out().contains("greet.yaml: ok (greet version 1, 2 nodes)"), cli.toString());
    }

    @Test
    void validateExitsOneWithFileLineColumnForInvalidFiles(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), FlowFileReloadTest.V1);
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"), FlowFileReloadTest.V1.replace("to: __end__}", "to: nowhere}"));
        Cli cli = Cli.run("flows", "validate", good.toString(), bad.toString());
        assertEquals(1, cli.exit(), cli.toString());
        assertTrue(cli.err().contains(bad + ":17:25: dangling edge"), cli.toString());
        assertTrue(cli.err().contains("dangling edge"), cli.toString());
        assertTrue(cli.err().contains("1 of 2 flow files invalid"), cli.toString());
        assertTrue(!cli.err().contains("Exception"), "no class names: " + cli);
    }

    @Test
    void validateExitsTwoForUsageErrors(@TempDir Path dir) {
        assertEquals(2, Cli.run("flows", "validate").exit());
        Cli missing = Cli.run("flows", "validate", dir.resolve("none.yaml").toString());
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("none.yaml: no such file"), missing.toString());
    }

    @Test
    void graphPrintsMermaidJsonAndSvg(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("greet.yaml"), FlowFileReloadTest.V1);
        Cli mermaid = Cli.run("flows", "graph", "--flows", dir.toString(), "greet");
        assertEquals(0, mermaid.exit(), mermaid.toString());
        assertTrue(mermaid.out().contains("ask_name"), mermaid.out());
        Cli json = Cli.run("flows", "graph", "--flows", dir.toString(), "--format", "json", "greet");
        assertEquals(0, json.exit(), json.toString());
        assertEquals("greet", Json.parse(json.out()).path("flowId").asString());
        Cli svg = Cli.run("flows", "graph", "--flows", dir.toString(), "--format", "svg", "greet");
        assertEquals(0, svg.exit(), svg.toString());
        assertTrue(svg.out().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg.out());
        assertTrue(svg.out().contains("ask_age (ask)"), svg.out());
        assertTrue(svg.out().strip().endsWith("</svg>"), svg.out());
        assertEquals(
                2,
                Cli.run("flows", "graph", "--flows", dir.toString(), "--format", "png", "greet")
                        .exit());
    }

    @Test
    void diffShowsChangesAndTheSessionsAMigrationWouldTouch(@TempDir Path dir) throws Exception {
        Path flows = Files.createDirectory(dir.resolve("flows"));
        Path v1 = Files.writeString(flows.resolve("greet.yaml"), FlowFileReloadTest.V1);
        Path v2 = Files.writeString(dir.resolve("greet-v2.yaml"), FlowFileReloadTest.V2);
        String store = "file:" + dir.resolve("store");
        try (FlowService service = new FlowService(store, null, FlowCatalog.load(flows.toString()), (Duration) null)) {
            for (int i = 0; i < 3; i++) {
                service.engine().call("greet", Json.parse("{\"action\":\"start\"}"), null, null);
            }
            service.engine()
                    .call("greet", Json.parse("{\"action\":\"start\",\"stateUpdates\":{\"name\":\"A\"}}"), null, null);
        }
        Cli cli = Cli.run("flows", "diff", v1.toString(), v2.toString(), "--store", store);
        assertEquals(0, cli.exit(), cli.toString());
        String out = cli.out();
        assertTrue(out.contains("flow greet: version 1 -> 2"), out);
        assertTrue(out.contains("+ ask_city"), out);
        assertTrue(out.contains("+ city"), out);
        assertTrue(out.contains("- ask_age -> __end__"), out);
        assertTrue(out.contains("+ ask_age -> ask_city"), out);
        assertTrue(out.contains("live sessions on version 1: 4"), out);
        assertTrue(out.matches("(?s).*ask_age\\s+1.*"), out);
        assertTrue(out.matches("(?s).*ask_name\\s+3.*"), out);
    }

    @Test
    void runWalksAHostedFlowInTheTerminal(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("greet.yaml"), FlowFileReloadTest.V1);
        FlowsRun run = new FlowsRun();
        run.in = new java.io.ByteArrayInputStream("Ada\nold\n36\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(run);
        cli.setOut(new java.io.PrintWriter(out, true));
        int exit = cli.execute("--flows", dir.toString(), "greet");
        assertEquals(0, exit, out.toString());
        String text = out.toString();
        assertTrue(text.contains("What is your name?\nname> "), text);
        assertTrue(text.contains("How old are you?"), text);
        assertTrue(text.contains("(ERROR:"), "a refused answer is re-asked: " + text);
        assertTrue(text.contains("Done: {") && text.contains("\"greeting\" : \"Hello Ada\""), text);
    }

    @Test
    void runStopsOnQuit(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("greet.yaml"), FlowFileReloadTest.V1);
        FlowsRun run = new FlowsRun();
        run.in = new java.io.ByteArrayInputStream("quit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(run);
        cli.setOut(new java.io.PrintWriter(out, true));
        assertEquals(0, cli.execute("--flows", dir.toString(), "greet"));
        assertTrue(out.toString().contains("Stopped at session 'terminal'."), out.toString());
    }
}
