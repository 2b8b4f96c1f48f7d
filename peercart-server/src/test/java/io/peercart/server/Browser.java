package io.peercart.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} driven through its own {@code chromedriver})
 * for one test class: pages are only proven to work in a browser, with its JavaScript engine, its
 * module loader and its layout. One browser per class keeps a class fast; each test starts from a
 * blank page with empty storage.
 *
 * <p>After each test it saves a screenshot to {@code target/screenshots/<Class>-<test>.png} (kept
 * as a build artifact, also for failed tests) and fails the test if the page logged a JavaScript
 * error or a request failed (a 4xx/5xx answer or a network error), unless the test announced that
 * failure with {@link #expectFailedRequest}. Without chromium or chromedriver the class is skipped
 * with the reason, except under {@code CI=true}, where that is a failure: CI installs both.
 *
 * <p>The driver path is set explicitly, so Selenium Manager never runs (it would try to download a
 * browser); the browser's own background traffic (updates, sync, safe browsing) is switched off, so
 * no request leaves the machine.
 */
final class Browser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    static final Path CHROMIUM = Path.of(System.getProperty("peercart.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("peercart.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(5);
    /**
     * How often a wait asks the page again. Selenium's default is 500 ms: a condition not met at
     * the first ask then waited a whole 500 ms for the next, however soon it came true.
     */
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    ChromeDriver driver;
    private Path profile;
    private final Map<String, String> requestUrls = new HashMap<>();
    private final List<ExpectedFailure> expected = new ArrayList<>();
    private final List<String> expectedErrors = new ArrayList<>();
    private List<LogEntry> browserLog = new ArrayList<>();
    private List<LogEntry> networkLog = new ArrayList<>();

    /** A failed request a test provokes on purpose (a wrong key answered 401). */
    private record ExpectedFailure(String urlPart, int status) {}

    /** A request the page made that did not succeed: an HTTP status of 400 or more, or {@code status} 0 and the network error. */
    record FailedRequest(String url, int status, String error) {}

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM.toString() : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
        if (missing != null) {
            String why = "browser tests need Debian's chromium and chromium-driver: " + missing + " is missing (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) fail(why);
            Assumptions.abort(why);
        }
        profile = Files.createTempDirectory("peercart-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile,
                // Every test navigates a lot (sign in afresh, page after page). With the back-forward
                // cache each page left stays alive, and with site isolation each trip to about:blank
                // and back starts a renderer process: together they were a third of Chromium's CPU
                // in the suite (docs/console.md, "The browser tests"). Neither is what these pages are tested for.
                "--disable-features=BackForwardCache,site-per-process,IsolateOrigins", "--disable-site-isolation-trials");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        driver.get("about:blank");
        drainLogs();
        expected.clear();
        expectedErrors.clear();
        requestUrls.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName() + ".png";
        Files.write(SCREENSHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        List<String> errors = jsErrors().stream().filter(m -> expectedErrors.stream().noneMatch(m::contains)).toList();
        List<FailedRequest> failed = failedRequests().stream()
                .filter(f -> expected.stream().noneMatch(e -> f.status == e.status && f.url.contains(e.urlPart))).toList();
        assertThat(errors).as("JavaScript errors in the browser log").isEmpty();
        assertThat(failed).as("failed requests").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) driver.quit();
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (UncheckedIOException e) {
                // chromium may still be writing a cache file as it exits; the temp directory is left for the OS
            }
        }
    }

    /** Announces a failure the test provokes: a request whose URL contains {@code urlPart} answered {@code status}. */
    void expectFailedRequest(String urlPart, int status) {
        expected.add(new ExpectedFailure(urlPart, status));
    }

    /** Announces a JavaScript error the test provokes on purpose: one whose message contains {@code part}. */
    void expectJsError(String part) {
        expectedErrors.add(part);
    }

    void open(String url) {
        driver.get(url);
    }

    /**
     * Opens {@code url} with its origin's storage as a tab that comes back to it holds it: both
     * emptied, then {@code session} in sessionStorage and {@code local} in localStorage. A script
     * Chromium runs in the new document before the page's own sets them, for this one load: the page
     * loads once, where setting them from a page of the origin first cost a second load.
     */
    void openWith(String url, Map<String, String> session, Map<String, String> local) {
        if (withoutFragment(driver.getCurrentUrl()).equals(withoutFragment(url))) driver.get("about:blank"); // a new fragment alone loads no new document
        String storage = "sessionStorage.clear(); localStorage.clear();"
                + " Object.entries(" + json(session) + ").forEach(([k, v]) => sessionStorage.setItem(k, v));"
                + " Object.entries(" + json(local) + ").forEach(([k, v]) => localStorage.setItem(k, v));";
        Object script = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", storage)).get("identifier");
        try {
            driver.get(url);
        } finally {
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
        }
    }

    private static String withoutFragment(String url) {
        int hash = url.indexOf('#');
        return hash < 0 ? url : url.substring(0, hash);
    }

    private static String json(Map<String, String> items) {
        try {
            return ApiClient.JSON.writeValueAsString(items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * Uses the element {@code css} names, found again if a live update redrew it in between, or
     * tried again while the redraw leaves it missing or not yet interactable: a page that redraws
     * on live events must not fail a test for the moment before (up to {@link #WAIT}).
     */
    <T> T fresh(String css, Function<WebElement, T> use) {
        return await(d -> {
            try {
                return java.util.Optional.<T>ofNullable(use.apply(find(css)));
            } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException
                     | org.openqa.selenium.ElementNotInteractableException e) {
                return null;
            }
        }).orElse(null);
    }

    /** Waits (up to {@link #WAIT}) until the page satisfies {@code condition}. */
    <T> T await(Function<ChromeDriver, T> condition) {
        return await(WAIT, condition);
    }

    /** Waits up to {@code within} (e.g. a live figure's allowed delay) until the page satisfies {@code condition}. */
    <T> T await(Duration within, Function<ChromeDriver, T> condition) {
        return new WebDriverWait(driver, within, POLL).until(d -> condition.apply((ChromeDriver) d));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /**
     * How the current page loaded, as the browser measured it, in ms from the navigation's start:
     * first contentful paint and the largest contentful paint so far (Paint Timing and the Largest
     * Contentful Paint API), DOMContentLoaded and load (Navigation Timing).
     */
    record LoadTimes(long firstContentfulPaint, long largestContentfulPaint, long domContentLoaded, long load) {
        @Override
        public String toString() {
            return "first-contentful-paint=" + firstContentfulPaint + "ms largest-contentful-paint=" + largestContentfulPaint
                    + "ms domContentLoaded=" + domContentLoaded + "ms load=" + load + "ms";
        }
    }

    LoadTimes loadTimes() {
        List<?> t = (List<?>) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const n = performance.getEntriesByType('navigation')[0], fcp = performance.getEntriesByName('first-contentful-paint')[0];"
                + " let lcp = -1; const o = new PerformanceObserver((l) => l.getEntries().forEach((e) => { lcp = Math.max(lcp, e.startTime); }));"
                + " o.observe({ type: 'largest-contentful-paint', buffered: true });"
                + " setTimeout(() => { o.takeRecords().forEach((e) => { lcp = Math.max(lcp, e.startTime); }); o.disconnect();"
                + " done([fcp ? fcp.startTime : -1, lcp, n.domContentLoadedEventEnd, n.loadEventEnd].map(Math.round)); }, 50);");
        return new LoadTimes(((Number) t.get(0)).longValue(), ((Number) t.get(1)).longValue(), ((Number) t.get(2)).longValue(),
                ((Number) t.get(3)).longValue());
    }

    /** Empties the browser's HTTP cache, so the next page loads as on a first visit. */
    void clearCache() {
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    }

    /** Forgets what the browser logged before the test began (reading a log empties it). */
    private void drainLogs() {
        driver.manage().logs().get(LogType.BROWSER);
        driver.manage().logs().get(LogType.PERFORMANCE);
        browserLog.clear();
        networkLog.clear();
    }

    /**
     * The page's errors since the test began: uncaught exceptions, rejected promises and
     * {@code console.error}. Chromium also logs each failed request as an error; those are judged by
     * {@link #failedRequests}, where a test can expect one.
     */
    List<String> jsErrors() {
        browserLog.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return browserLog.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).filter(m -> !m.contains("Failed to load resource")).toList();
    }

    /**
     * The requests that failed since the test began. A request the browser cancels itself (a page
     * left while a fetch was running) is not a failure.
     */
    List<FailedRequest> failedRequests() {
        return readNetworkLog();
    }

    /** Every URL the page requested since the test began. */
    List<String> requestedUrls() {
        readNetworkLog();
        return List.copyOf(requestUrls.values());
    }

    /** Reads Chromium's network log since the test began: notes each request's URL, returns the failures. */
    private List<FailedRequest> readNetworkLog() {
        networkLog.addAll(driver.manage().logs().get(LogType.PERFORMANCE).getAll());
        List<FailedRequest> failed = new ArrayList<>();
        for (LogEntry entry : networkLog) {
            JsonNode message = read(entry.getMessage()).path("message");
            JsonNode params = message.path("params");
            switch (message.path("method").asText()) {
                case "Network.requestWillBeSent" -> requestUrls.put(params.path("requestId").asText(), params.path("request").path("url").asText());
                case "Network.responseReceived" -> {
                    int status = params.path("response").path("status").asInt();
                    if (status >= 400) failed.add(new FailedRequest(params.path("response").path("url").asText(), status, ""));
                }
                case "Network.loadingFailed" -> {
                    if (!params.path("canceled").asBoolean()) {
                        failed.add(new FailedRequest(requestUrls.getOrDefault(params.path("requestId").asText(), "?"), 0, params.path("errorText").asText()));
                    }
                }
                default -> { }
            }
        }
        return failed;
    }

    private static JsonNode read(String json) {
        try {
            return ApiClient.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
