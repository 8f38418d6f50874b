package dev.switchboard.ticket.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven by Debian's chromedriver (never a driver or browser Selenium Manager would
 * download), pointed at the console of the ticket-service under test. Elements are found by their data-test names.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final String base;

    ConsoleBrowser(int port) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("switchboard.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("switchboard.chromium", "/usr/bin/chromium"))
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1440,1000", "--lang=en-GB", "--no-first-run", "--disable-extensions");
        this.driver = new ChromeDriver(service, options);
        this.base = "http://localhost:" + port;
    }

    ChromeDriver driver() {
        return driver;
    }

    String url() {
        return driver.getCurrentUrl();
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Logs in through the login page; answers once the console shows who is logged in. */
    void logIn(String login, String password) {
        submitLogin(login, password);
        waitFor("body[data-ready='true']");
    }

    void submitLogin(String login, String password) {
        open("/console/login");
        if (!driver.getTitle().startsWith("Log in")) {
            throw new AssertionError("GET /console/login does not answer the login page (static/console/login.html) but: "
                    + driver.findElement(By.tagName("body")).getText());
        }
        type(waitFor("[data-test='login-username']"), login);
        type(find("[data-test='login-password']"), password);
        find("[data-test='login-submit']").click();
    }

    /** Logs out with the console's button: back on the login page. */
    void logOut() {
        find("[data-test='logout']").click();
        waiting().until(ExpectedConditions.urlContains("/console/login"));
    }

    /** The hash route of the console app (#/t/12, #/admin/agents, …), once the app is loaded. */
    void go(String route) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", route);
    }

    /** Waits that look again when the console redraws what they look at (live updates replace elements). */
    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static String test(String name) {
        return "[data-test='" + name + "']";
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement waitFor(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitUntilGone(String css) {
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitForText(String css, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** The bubble (article or note) whose text contains {@code text}, once it is shown. */
    WebElement waitForBubble(String direction, String text) {
        String css = "[data-test='bubble'][data-direction='" + direction + "']";
        return waiting().until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(b -> b.getText().contains(text)).findFirst().orElse(null));
    }

    static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** A request made by the page itself (its session cookie, its CSRF header): {status, body}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> fetch(String method, String path, String json) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const [method, path, json, done] = arguments;
                const headers = {'Accept': 'application/json'};
                const token = document.cookie.match(/(?:^|;\\s*)XSRF-TOKEN=([^;]*)/);
                if (token && method !== 'GET') headers['X-XSRF-TOKEN'] = decodeURIComponent(token[1]);
                if (json) headers['Content-Type'] = 'application/json';
                fetch(path, {method, headers, body: json || undefined, credentials: 'same-origin'})
                  .then(async r => done({status: r.status, body: await r.text()}))
                  .catch(e => done({status: -1, body: String(e)}));
                """, method, path, json);
    }

    /** Writes the page, {@code height} pixels high, as PNG to target/console-screenshots/{@code name}.png. */
    Path screenshot(String name, int height) {
        driver.manage().window().setSize(new Dimension(1440, height));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
