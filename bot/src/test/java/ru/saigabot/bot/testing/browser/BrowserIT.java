package ru.saigabot.bot.testing.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The browser harness against a real local server: a script's text is waited for, console errors are caught
 * (and only where there are some), a screenshot is a PNG, and an HttpOnly cookie stays out of scripts' reach.
 */
class BrowserIT {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Two pages and the text one of them fetches, on 127.0.0.1 and any free port. */
    private static final class Site implements AutoCloseable {
        private static final String HEAD = "<!doctype html><html><head><meta charset=\"utf-8\">"
                // the viewport a phone needs; the empty icon keeps the browser's /favicon.ico 404 off the console
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"data:,\"><title>test</title></head>";
        /** The text arrives after the page has loaded, as a chat's answers will, so only waiting sees it. */
        private static final String GREETING_PAGE = HEAD + "<body><p id=\"greeting\">…</p><script>"
                + "fetch('/greeting').then(r => r.text())"
                + ".then(t => { document.getElementById('greeting').textContent = t; });"
                + "</script></body></html>";
        private static final String ERROR_PAGE = HEAD + "<body><script>console.error('x');</script></body></html>";

        private final Javalin app = Javalin.create(config -> {
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.startup.showJavalinBanner = false;
            config.routes.get("/greeting-page", ctx -> {
                ctx.res().addHeader("Set-Cookie", "session=s3cret; Path=/; HttpOnly; SameSite=Strict");
                ctx.res().addHeader("Set-Cookie", "theme=dark; Path=/; SameSite=Strict");
                ctx.html(GREETING_PAGE);
            });
            config.routes.get("/greeting", ctx -> ctx.result("Привет, браузер!"));
            config.routes.get("/error-page", ctx -> ctx.html(ERROR_PAGE));
        }).start();

        URI page(String path) {
            return URI.create("http://127.0.0.1:" + app.port() + path);
        }

        @Override
        public void close() {
            app.stop();
        }
    }

    @Test
    void waitsForTextCatchesConsoleErrorsTakesScreenshotsAndHidesHttpOnlyCookies() throws Exception {
        try (Site site = new Site(); Browser browser = Browser.desktop()) {
            browser.open(site.page("/greeting-page"));
            browser.awaitText(By.id("greeting"), "Привет, браузер!");
            assertThat(browser.consoleErrors()).isEmpty();

            // The browser holds both cookies; a page's script reads only the one without HttpOnly.
            assertThat(browser.driver().manage().getCookieNamed("session").isHttpOnly()).isTrue();
            assertThat(browser.script("return document.cookie;")).isEqualTo("theme=dark");

            Path shot = browser.screenshot("browser-it-greeting");
            assertThat(shot).isRegularFile();
            byte[] png = Files.readAllBytes(shot);
            assertThat(png).startsWith(PNG_SIGNATURE).hasSizeGreaterThan(1000);

            browser.open(site.page("/error-page"));
            assertThat(browser.awaitConsoleError("\"x\"")).contains("/error-page");
            assertThat(browser.consoleErrors()).hasSize(1);
        }
    }

    @Test
    void aPhoneLaysPagesOutAtItsWidth() throws Exception {
        try (Site site = new Site(); Browser phone = Browser.phone()) {
            phone.open(site.page("/greeting-page"));
            phone.awaitText(By.id("greeting"), "Привет, браузер!");
            assertThat(phone.script("return window.innerWidth;")).isEqualTo(390L);
            assertThat(phone.script("return matchMedia('(pointer: coarse)').matches;")).isEqualTo(true);
        }
    }
}
