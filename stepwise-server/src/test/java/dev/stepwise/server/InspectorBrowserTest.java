package dev.stepwise.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.examples.InsuranceQuote;
import dev.stepwise.json.Json;
import dev.stepwise.mcp.FlowTools;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The inspector end to end in headless Chromium: a session created over MCP appears, its page
 * shows the timeline and state, stepping back shows an earlier state, the playground drives
 * {@code insurance_quote} to completion, markup in a session id or answer renders as text, and the
 * token prompt signs in. On failure the browser's view is saved as target/inspector-failure-*.png.
 */
class InspectorBrowserTest {

    /** Markup that would run if any of it were parsed as HTML. */
    private static final String XSS_ID = "xss-<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";

    private static final String XSS_NAME = "<script>window.__xss=3</script>Ada";

    private static WebDriver driver;

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                try {
                    Path file = Chromium.screenshot(
                            driver,
                            "inspector-failure-"
                                    + context.getRequiredTestMethod().getName());
                    System.err.println("inspector browser test failed; screenshot: " + file.toAbsolutePath());
                } catch (Exception e) {
                    cause.addSuppressed(e);
                }
            }
        }
    };

    @BeforeAll
    static void startBrowser() {
        driver = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void seeASessionStepBackAndDriveAFlowToCompletion() throws Exception {
        try (TestServer server = TestServer.start("memory:")) {
            String base = server.baseUrl();
            driver.get(base + "/inspector/");
            waitFor(By.cssSelector(".view-sessions h1"));
            waitFor(By.cssSelector(".counts .total"));

            call(base, "{\"action\":\"start\",\"intent\":\"a car quote\",\"sessionId\":" + quote(XSS_ID) + "}");
            call(
                    base,
                    "{\"action\":\"continue\",\"sessionId\":" + quote(XSS_ID) + ",\"stateUpdates\":{\"name\":"
                            + quote(XSS_NAME) + ",\"email\":\"ada@example.com\"}}");
            call(base, "{\"action\":\"continue\",\"sessionId\":" + quote(XSS_ID) + ",\"stateUpdates\":{\"age\":40}}");

            // appears without a reload (the page polls)
            WebElement row =
                    wait(Duration.ofSeconds(15)).until(d -> rowOf(d, XSS_ID).orElse(null));
            Chromium.screenshot(driver, "inspector-sessions");
            WebElement link = row.findElement(By.cssSelector("td.id a"));
            assertEquals(XSS_ID, link.getText(), "the session id renders as text");
            link.click();

            WebElement id = waitFor(By.cssSelector(".session-id"));
            assertEquals(XSS_ID, id.getText());
            wait(Duration.ofSeconds(10))
                    .until(d -> d.findElements(By.cssSelector("li.turn")).size() == 3);
            String state = waitFor(By.cssSelector(".state-json")).getText();
            assertEquals(
                    "Ada", Json.parse(state).path("name").asString().replace("<script>window.__xss=3</script>", ""));
            assertEquals(XSS_NAME, Json.parse(state).path("name").asString(), "the answer renders as text");
            assertTrue(Json.parse(state).has("premium"), state);
            assertEquals(
                    1,
                    driver.findElements(By.cssSelector("svg.graph g.node.current[data-node='show_plans']"))
                            .size(),
                    "the graph highlights the node the session waits at");
            List<String> kinds = driver.findElements(By.cssSelector("li.turn .item .kind")).stream()
                    .map(WebElement::getText)
                    .toList();
            assertTrue(kinds.containsAll(List.of("user", "tool", "state_change")), kinds::toString);
            Path shot = Chromium.screenshot(driver, "inspector");
            Files.copy(shot, Path.of("target", "inspector-session.png"), StandardCopyOption.REPLACE_EXISTING);

            driver.findElement(By.cssSelector("button.step-back")).click();
            wait(Duration.ofSeconds(10))
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.cssSelector(".turn-label"), "after turn 2 of 3"));
            String before = driver.findElement(By.cssSelector(".state-json")).getText();
            assertEquals(XSS_NAME, Json.parse(before).path("name").asString());
            assertFalse(Json.parse(before).has("age"), before);
            assertFalse(Json.parse(before).has("premium"), before);
            assertEquals(
                    1, driver.findElements(By.cssSelector("li.turn.future")).size());

            assertNoScriptRan();
            flowPage(base);
            playground(base);
            assertNoScriptRan();
            deleteFromItsPage(base);
        }
    }

    private void flowPage(String base) {
        driver.get(base + "/inspector/#/flow/" + InsuranceQuote.ID);
        waitFor(By.cssSelector("svg.graph"));
        assertEquals(
                InsuranceQuote.flow().nodes().size() + 2,
                driver.findElements(By.cssSelector("svg.graph g.node")).size(),
                "every node, START and END drawn");
        assertEquals(
                7, driver.findElements(By.cssSelector("table.schema tbody tr")).size());
        JsonNode tool = Json.parse(
                driver.findElements(By.cssSelector("pre.json")).get(0).getText());
        assertEquals(InsuranceQuote.ID, tool.path("name").asString());
        assertEquals(
                FlowTools.description(InsuranceQuote.flow()),
                tool.path("description").asString());
    }

    private void deleteFromItsPage(String base) {
        driver.get(base + "/inspector/" + "#/session?flow=" + InsuranceQuote.ID + "&id="
                + URLEncoder.encode(XSS_ID, StandardCharsets.UTF_8).replace("+", "%20"));
        waitFor(By.cssSelector(".session-id"));
        driver.findElement(By.cssSelector("button.danger")).click();
        wait(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(By.cssSelector(".view-sessions h1"));
        wait(Duration.ofSeconds(10))
                .until(d -> rowOf(d, XSS_ID).isEmpty()
                        && !d.findElements(By.cssSelector("tr[data-session]")).isEmpty());
    }

    private void playground(String base) throws IOException {
        driver.get(base + "/inspector/#/playground/" + InsuranceQuote.ID);
        waitFor(By.cssSelector("form.start button[type=submit]")).click();
        waitFor(By.cssSelector("form.answers input[name=name]")).sendKeys("Grace Hopper");
        driver.findElement(By.cssSelector("form.answers input[name=email]")).sendKeys("grace@example.com");
        driver.findElement(By.cssSelector("form.answers button[type=submit]")).click();
        waitFor(By.cssSelector("form.answers input[name=age]")).sendKeys("30");
        driver.findElement(By.cssSelector("form.answers button[type=submit]")).click();
        Select plan = new Select(waitFor(By.cssSelector("form.answers select[name=plan]")));
        // the widget's own template, given its data: pick a plan in it as a user would
        driver.switchTo().frame(driver.findElement(By.cssSelector("iframe.widget")));
        wait(Duration.ofSeconds(10))
                .until(d -> d.findElements(By.cssSelector("#plans button")).stream()
                        .filter(b ->
                                b.getText().toLowerCase(java.util.Locale.ROOT).contains("premium"))
                        .findFirst()
                        .orElse(null))
                .click();
        driver.switchTo().defaultContent();
        wait(Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".widget-said"), "premium"));
        assertEquals("premium", plan.getFirstSelectedOption().getDomProperty("value"));
        driver.findElement(By.cssSelector("form.answers button[type=submit]")).click();
        waitFor(By.cssSelector("h2.done"));
        Chromium.screenshot(driver, "inspector-playground");
        String result = driver.findElement(By.cssSelector(".json.result")).getText();
        assertEquals("premium", Json.parse(result).path("plan").asString(), result);
        assertTrue(Json.parse(result).path("quoteId").asString().startsWith("Q-"), result);
        List<WebElement> exchanges = driver.findElements(By.cssSelector(".raw .exchange"));
        assertEquals(4, exchanges.size(), "start and three answers, each with its raw request and response");
        String lastRequest =
                exchanges.get(3).findElement(By.cssSelector(".request")).getText();
        assertEquals("tools/call", Json.parse(lastRequest).path("method").asString());
        assertEquals(
                "premium",
                Json.parse(lastRequest)
                        .path("params")
                        .path("arguments")
                        .path("stateUpdates")
                        .path("plan")
                        .asString());
    }

    @Test
    void theTokenPromptSignsIn() {
        try (TestServer server = TestServer.start("memory:", null, "t0k3n-s3cret")) {
            driver.get(server.baseUrl() + "/inspector/");
            WebElement token = wait(Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-token")));
            token.sendKeys("wrong");
            driver.findElement(By.cssSelector("#login-form button")).click();
            wait(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
            driver.findElement(By.id("login-token")).sendKeys("t0k3n-s3cret");
            driver.findElement(By.cssSelector("#login-form button")).click();
            waitFor(By.cssSelector(".counts .total"));
            assertTrue(driver.findElement(By.id("access")).getText().contains("token"));
            assertFalse(driver.findElement(By.id("login")).isDisplayed());
            assertFalse(driver.getCurrentUrl().contains("t0k3n"), "the token never goes into the address");
        }
    }

    private static void assertNoScriptRan() {
        Object xss =
                ((JavascriptExecutor) driver).executeScript("return window.__xss === undefined ? null : window.__xss;");
        assertEquals(null, xss, "markup from a session id or answer ran as script");
    }

    private static Optional<WebElement> rowOf(WebDriver d, String sessionId) {
        return d.findElements(By.cssSelector("tr[data-session]")).stream()
                .filter(tr -> sessionId.equals(tr.getDomAttribute("data-session")))
                .findFirst();
    }

    private static WebElement waitFor(By locator) {
        return wait(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void call(String base, String arguments) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + InsuranceQuote.ID + "\",\"arguments\":" + arguments + "}}";
        var response = RawMcp.post(base, body);
        assertEquals(200, response.statusCode(), response::body);
        assertFalse(response.body().contains("\"status\":\"error\""), response::body);
    }

    private static String quote(String text) {
        return Json.text(Json.nodes().stringNode(text));
    }
}
