package io.infrakit.cli;

import io.infrakit.cli.testing.CliRun;
import io.infrakit.cli.testing.Engines;
import io.infrakit.cli.testing.PluginDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20's dashboard in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver (nothing downloaded), opens the dashboard of a daemon started with
 * {@code --dashboard}, sees the group at 5 healthy, sees the strip go back to 5 after two members
 * are killed in the simulator, without a reload, and shows a rolling update in progress (old and
 * new config side by side), saved as {@code target/dashboard-rolling-update.png}.
 */
class DashboardBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "dashboard-rolling-update.png");

    CliRun cli;
    PluginDaemon daemon;
    WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (cli != null) {
            cli.delete();
        }
    }

    static WebDriver chromium() {
        Path binary = Engines.program("/usr/bin/chromium", "chromium.sh");
        Path driver = Engines.program("/usr/bin/chromedriver", "chromium.sh");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,860", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private Path spec(String release) throws Exception {
        Path spec = cli.home.resolve("workers-" + release + ".yml");
        Files.writeString(spec, """
                kind: group
                metadata: {name: workers}
                properties:
                  Allocation: {Size: 5}
                  Flavor: {Plugin: vanilla, Properties: {Init: [echo hello]}}
                  Instance: {Plugin: simulator/compute, Properties: {release: %s}}
                """.formatted(release));
        return spec;
    }

    /** The group card's attribute, read in one script: the page re-renders the card on every event. */
    private Object groupAttribute(String name) {
        return ((JavascriptExecutor) browser).executeScript(
                "const g = document.querySelector(\"article.group[data-group='workers']\"); return g && g.getAttribute(arguments[0]);", name);
    }

    /** The IDs of the strip's members matching {@code css} (in-flight placeholders have none), read in one script. */
    @SuppressWarnings("unchecked")
    private List<String> members(String css) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.from(document.querySelectorAll("
                + "\"article.group[data-group='workers'] .strip .member[data-id]\" + arguments[0])).map(e => e.getAttribute('data-id'))", css);
    }

    @Test
    void theStripHealsAndRollsLiveWithoutAReload() throws Exception {
        browser = chromium();
        cli = new CliRun();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Slow provisions: a rolling update stays in progress long enough to be seen.
        daemon = PluginDaemon.start(cli, List.of("plugin", "start", "manager", "group", "vanilla", "simulator",
                "--dashboard", "127.0.0.1:" + port, "--opt", "simulator.provision-delay=1500ms"), "group", "simulator");
        cli.ok("apply", "-f", spec("v1").toString());

        browser.get("http://127.0.0.1:" + port + "/dashboard/");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(groupAttribute("data-healthy")).isEqualTo("5");
            assertThat(members(".current.healthy")).hasSize(5);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live"));
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes'");
        Set<String> before = ids();

        List<String> victims = new ArrayList<>(before).subList(0, 2);
        List<String> args = new ArrayList<>(List.of("instance", "destroy", "--plugin", "simulator/compute"));
        args.addAll(victims);
        cli.ok(args.toArray(String[]::new));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> now = ids();
            assertThat(now).hasSize(5).doesNotContainAnyElementsOf(victims);
            assertThat(members(".current.healthy")).hasSize(5);
        });
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument")).as("no reload").isEqualTo("yes");
        assertThat(browser.findElement(By.id("events")).getText()).contains("LOST", "PROVISIONED");

        // A rolling update: old (orange) and new (green) members side by side while it runs, and the
        // stored versions open on the diff of the new spec against the one before.
        cli.ok("apply", "-f", spec("v2").toString());
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector(\"article.group[data-group='workers'] details summary\").click()");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(members("[data-config='old']")).isNotEmpty();
            assertThat(members("[data-config='new']")).isNotEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "const d = document.querySelector('pre.diff'); return d ? d.textContent : ''"))
                    .asString().containsPattern("\\n- +\"release\" : \"v1\"\\n\\+ +\"release\" : \"v2\"\\n");
        });
        try {
            // For the picture: a replacement in flight too, when the timing allows.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                    !browser.findElements(By.cssSelector(".strip .member.inflight")).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the picture shows old and new members only
        }
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(members("[data-config='old']")).isEmpty();
            assertThat(members(".current.healthy")).hasSize(5);
        });
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument")).as("no reload").isEqualTo("yes");
    }

    private Set<String> ids() {
        return new HashSet<>(members(""));
    }
}
