package ru.saigabot.bot.testing.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A headless Chromium driven over WebDriver, for end-to-end tests of the bot's web pages: Debian's
 * {@code chromium} and {@code chromedriver} (never Selenium Manager, which would download a driver), a fresh
 * profile per browser, the page console kept for assertions. One test thread uses one browser.
 */
public final class Browser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Browser.class);

    /** Generous: CI is a loaded 2-core machine, and a page waits on the browser, the server and the JVM's JIT. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Relative: Maven runs a module's tests in the module's directory, so this is {@code bot/target/screenshots}. */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Pattern SCREENSHOT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int LOG_TAIL_LINES = 40;
    /**
     * Selenium warns at every start that it has no DevTools (CDP) bindings for this Chromium's version. These tests
     * speak WebDriver only, and the bindings (one artifact per Chromium version, which Debian's updates move) are left
     * out on purpose, so the warning is noise. JUL holds loggers weakly: this field keeps the quieted one alive.
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    /** A window: its CSS size, and whether the page is shown as on a phone (touch, mobile viewport rules). */
    private record Screen(int width, int height, boolean phone) {}

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path home;
    /** Chromedriver hands out each console entry once, so everything read so far is kept here. */
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeDriverService service, ChromeDriver driver, Path home) {
        this.service = service;
        this.driver = driver;
        this.home = home;
    }

    /** A desktop window of 1280×900; its page is 1280×757, as headless Chromium keeps a toolbar's height. */
    public static Browser desktop() {
        return start(new Screen(1280, 900, false));
    }

    /** An iPhone-sized screen of 390×844 CSS pixels at 3× density, with touch and the mobile viewport rules. */
    public static Browser phone() {
        return start(new Screen(390, 844, true));
    }

    private static Browser start(Screen screen) {
        requireInstalled(CHROMIUM);
        requireInstalled(CHROMEDRIVER);
        long began = System.nanoTime();
        Path home = createHome();
        Path driverLog = home.resolve("chromedriver.log");
        ChromeDriverService service = null;
        ChromeDriver driver = null;
        try {
            // Naming the executable makes Selenium skip Selenium Manager, which would look for drivers and browsers
            // and download them over the network.
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(driverLog.toFile())
                    .withLogLevel(ChromiumDriverLogLevel.INFO)
                    .withTimeout(WAIT)
                    .build();
            driver = new ChromeDriver(service, options(screen, home.resolve("profile")));
            driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
            // Logged because a browser start is most of a browser test's time (about 1-2 s, more on a cold JVM).
            log.info("Chromium started: took={} ms window={}x{} phone={}", (System.nanoTime() - began) / 1_000_000,
                    screen.width(), screen.height(), screen.phone());
            return new Browser(service, driver, home);
        } catch (RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("Chromium did not start: " + e.getMessage()
                    + "\n--- the last lines of chromedriver's log ---\n" + tail(driverLog), e);
            stopAll(driver, service, home, failure);
            throw failure;
        }
    }

    private static ChromeOptions options(Screen screen, Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                // The tests may run as root (CI containers), where Chromium refuses to start sandboxed.
                "--no-sandbox",
                // Containers give /dev/shm 64 MB; Chromium crashes when its shared memory outgrows that.
                "--disable-dev-shm-usage",
                // No GPU on CI: software rendering, the same pixels on every machine.
                "--disable-gpu",
                "--window-size=" + screen.width() + "," + screen.height(),
                "--user-data-dir=" + profile,
                // Nothing may leave the machine: no component or field-trial downloads, no first-run pages.
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--no-default-browser-check");
        if (screen.phone()) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of(
                    "width", screen.width(), "height", screen.height(), "pixelRatio", 3.0,
                    "mobile", true, "touch", true)));
        }
        // ALL rather than SEVERE: warnings stay readable when a failing test prints the console.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return options;
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static void requireInstalled(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: the browser tests need Debian's Chromium and its "
                    + "driver; install them with 'apt-get install chromium chromium-driver' (.ci/run does)");
        }
    }

    private static Path createHome() {
        try {
            return Files.createTempDirectory("saiga-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the browser's temporary directory", e);
        }
    }

    /** The driver itself, for what this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    public void open(URI page) {
        driver.get(page.toString());
    }

    /** Runs {@code script} in the page; {@code return} in it gives the value. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Waits until {@code condition} gives a non-null, non-false value, and returns it; a timeout names {@code what}
     * and shows the page's console, where a script's failure usually is. An element the page replaced while the
     * condition read it (the pages redraw a conversation when an answer is stored) means "look again", not a failure.
     */
    public <T> T await(String what, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(() -> what + "; the page's console: " + consoleOrWhy())
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private String consoleOrWhy() {
        try {
            return consoleLog().toString();
        } catch (WebDriverException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Waits until the element {@code locator} finds shows {@code text}, and returns the element. */
    public WebElement awaitText(By locator, String text) {
        await("'" + text + "' shown in " + locator, ExpectedConditions.textToBePresentInElementLocated(locator, text));
        return driver.findElement(locator);
    }

    /** Waits until the console has an error containing {@code fragment}, and returns that error. */
    public String awaitConsoleError(String fragment) {
        return await("a console error containing '" + fragment + "'",
                d -> consoleErrors().stream().filter(e -> e.contains(fragment)).findFirst().orElse(null));
    }

    /** Every error the pages logged since the browser started: console.error, uncaught exceptions, failed loads. */
    public List<String> consoleErrors() {
        return console().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Every console entry since the browser started, as "LEVEL message", for a failing test to print. */
    public List<String> consoleLog() {
        return console().stream().map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }

    private List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console;
    }

    /** Writes the window as {@code target/screenshots/NAME.png} (in the module) and returns the file. */
    public Path screenshot(String name) {
        if (!SCREENSHOT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a screenshot name is letters, digits, '.', '_' and '-': " + name);
        }
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.write(SCREENSHOTS.resolve(name + ".png"), png).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + name, e);
        }
    }

    /** Quits Chromium and its driver and deletes the profile, even when one of the steps fails. */
    @Override
    public void close() {
        IllegalStateException failure = new IllegalStateException("the browser did not close cleanly");
        stopAll(driver, service, home, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /** Each step runs whatever the ones before did; what fails is added to {@code failure}. */
    private static void stopAll(ChromeDriver driver, ChromeDriverService service, Path home, Exception failure) {
        if (driver != null) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (service != null) {
            try {
                // quit() stops it as well, unless quit() failed half-way; stopping twice is harmless.
                service.stop();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            deleteTree(home);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        // Deepest first; by now Chromium has exited, so nothing is added while this runs.
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot delete the browser's temporary directory " + root, e);
        }
    }
}
