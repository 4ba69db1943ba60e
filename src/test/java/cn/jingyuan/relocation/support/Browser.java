package cn.jingyuan.relocation.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven headless through chromium-driver, for the browser tests ({@code *Browser*}). Without
 * both programs the test class is skipped with a message ({@link Available}, before Spring starts anything);
 * {@code .ci/run} installs them and fails when the browser suite was skipped. Screenshots go to
 * {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    public static final Dimension DESKTOP = new Dimension(1366, 768);
    public static final Dimension PHONE = new Dimension(390, 844);
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    public static final String PASSWORD = "demo";

    private final WebDriver driver;
    private final String base;

    private Browser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** Skips the class, with a message, where no Chromium or no chromedriver is installed. */
    public static final class Available implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Optional<String> missing = missing();
            if (missing.isPresent()) {
                System.out.println(missing.get());
                Assumptions.abort(missing.get());
            }
        }
    }

    static Optional<String> missing() {
        if (chromium().isEmpty()) {
            return Optional.of("browser tests skipped: no Chromium found (apt-get install chromium chromium-driver, or set CHROME_BIN)");
        }
        if (chromedriver().isEmpty()) {
            return Optional.of("browser tests skipped: no chromedriver found (apt-get install chromium-driver, or set CHROMEDRIVER)");
        }
        return Optional.empty();
    }

    private static Optional<Path> chromium() {
        return firstExecutable(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    }

    private static Optional<Path> chromedriver() {
        return firstExecutable(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    }

    private static Optional<Path> firstExecutable(String... candidates) {
        return Stream.of(candidates).filter(c -> c != null && !c.isBlank()).map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** A new headless browser at the desktop size, against the application on this port. */
    public static Browser open(int port) {
        Assumptions.assumeTrue(missing().isEmpty(), () -> missing().orElse(""));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium().orElseThrow().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver().orElseThrow().toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, "http://localhost:" + port).size(DESKTOP);
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** Logs in through the login page at {@code /} and waits for the start page. */
    public Browser loginAs(String user) {
        driver.manage().deleteAllCookies();
        go("/");
        field("用户名").sendKeys(user);
        field("密码").sendKeys(PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=user]")));
        return this;
    }

    /** The page's viewport becomes exactly this size; below 576 pixels wide it is a mobile (touch) screen. */
    public Browser size(Dimension size) {
        boolean phone = size.width < 576;
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", size.width, "height", size.height, "deviceScaleFactor", 1, "mobile", phone));
        return this;
    }

    /** The input that the label with this text names (every input has one). */
    public WebElement field(String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space(.)='" + label + "' or normalize-space(text())='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Waits until the element this selector finds reads exactly this text. After an htmx swap the previous element
     * (say, the last notice) can still be found for a moment; reading it then is stale or the old text, so the wait
     * is on the text, read afresh each time.
     */
    public String waitForText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector(css), text));
        return text;
    }

    /**
     * Clicks what submits a form or follows a link and waits for the new page, so that what the test reads next is
     * not an element of the page that is going away (a stale element).
     */
    public Browser clickAndLoad(String css) {
        WebElement page = driver.findElement(By.tagName("html"));
        find(css).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.stalenessOf(page));
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /** What a person sees: the page's rendered text (hidden elements left out). */
    public String visibleText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves the window as target/screenshots/{name}.png. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
