package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --flows DIR}: flows from the FlowProvider services of the jars in a directory, and only those. */
class FlowJarTest {

    @TempDir
    Path dir;

    private static final String SOURCE = """
            package acme;
            import dev.stepwise.flow.*;
            import java.util.List;
            public final class AcmeFlows implements FlowProvider {
                public List<Flow> flows() {
                    return List.of(Flow.builder("acme_signup").version("3").title("Acme signup").description("Signs up for Acme.")
                        .state(StateSchema.builder().string("email", "Email").build())
                        .ask("ask_email", a -> a.question("email", "Your email?"))
                        .edge(Flow.START, "ask_email").edge("ask_email", Flow.END).build());
                }
            }
            """;

    @Test
    void flowsComeFromTheJarsOfTheDirectory() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/acme"));
        Files.writeString(src.resolve("AcmeFlows.java"), SOURCE);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        assertEquals(
                0,
                javac.run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        "-cp",
                        classPath,
                        src.resolve("AcmeFlows.java").toString()));
        Path flowsDir = Files.createDirectories(dir.resolve("flows"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(flowsDir.resolve("acme.jar")))) {
            jar.putNextEntry(new JarEntry("acme/AcmeFlows.class"));
            Files.copy(classes.resolve("acme/AcmeFlows.class"), jar);
            jar.putNextEntry(new JarEntry("META-INF/services/dev.stepwise.flow.FlowProvider"));
            OutputStream out = jar;
            out.write("acme.AcmeFlows\n".getBytes(StandardCharsets.UTF_8));
        }

        CommandLine cli = Main.commandLine();
        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("flows", "list", "--flows", flowsDir.toString()), err::toString);
        assertTrue(text.toString().contains("acme_signup") && text.toString().contains("Acme signup"), text.toString());
        assertFalse(text.toString().contains("insurance_quote"), "only the directory's flows: " + text);
    }
}
