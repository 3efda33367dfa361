package ru.saigabot.bot.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.browser.Browser;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.web.DashboardSeed;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * The dashboard in a real Chromium against the real bot and PostgreSQL, on the rows {@link DashboardSeed} writes:
 * an admin invite signs in, every chart is drawn with data in each of its lines, the arena's tables are filled,
 * nothing goes to the console, and a phone's width needs no sideways scrolling.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class DashboardBrowserIT {
    private static final List<String> CHARTS = List.of("activity", "feedback", "ttft", "tps", "wait", "queue");
    /** For each chart the page drew (window.saigaCharts), how many values each of its lines has. */
    private static final String POINTS = "return Object.fromEntries(Object.entries(window.saigaCharts).map("
            + "([name, chart]) => [name, chart.data.slice(1).map(line => line.filter(v => v != null).length)]));";

    @Test
    void drawsEveryChartWithItsData(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(40), 1,
                UnaryOperator.identity());
             Database database = Database.open(db.jdbcUrl(), 2)) {
            DashboardSeed.seed(db.jdbcUrl());
            SessionStore sessions = new SessionStore(database);
            try (Browser browser = Browser.desktop()) {
                openAsAdmin(browser, running, sessions);
                @SuppressWarnings("unchecked")
                Map<String, List<Long>> points = (Map<String, List<Long>>) browser.script(POINTS);
                assertThat(points).containsOnlyKeys(CHARTS);
                points.forEach((chart, lines) -> assertThat(lines).as(chart).isNotEmpty().allMatch(n -> n > 0));
                assertThat(browser.driver().findElements(By.cssSelector("[data-chart] canvas"))).hasSize(CHARTS.size());
                assertThat(browser.driver().findElements(By.cssSelector("#models tr"))).hasSize(2);
                assertThat(browser.driver().findElements(By.cssSelector("#pairs .pair"))).hasSize(2);
                assertThat(browser.driver().findElements(By.cssSelector("#pairs .wtl .win"))).isNotEmpty();
                assertThat(browser.driver().findElements(By.cssSelector("#ratings tr"))).hasSize(3);
                assertThat(browser.driver().findElements(By.cssSelector("#annotators tr"))).hasSize(3);
                assertThat(browser.driver().findElement(By.id("live-waiting")).getText()).isEqualTo("0");

                // The annotation tasks alone: one pair.
                new Select(browser.driver().findElement(By.id("arena-source")))
                        .selectByValue("task");
                browser.await("the annotation tasks' pairs", d -> "1".equals(d.findElement(By.id("pairs"))
                        .getAttribute("data-count")));
                assertThat(browser.consoleErrors()).isEmpty();
                browser.script("window.scrollTo(0, 0);");
                browser.screenshot("dashboard");
            }
            try (Browser phone = Browser.phone()) {
                openAsAdmin(phone, running, sessions);
                assertThat(phone.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                        .as("nothing wider than the phone").isEqualTo(true);
                assertThat(phone.consoleErrors()).isEmpty();
                phone.screenshot("dashboard-phone");
            }
        }
    }

    /** Opens an admin invite (which lands on the chat page), then the dashboard, and waits until it has loaded. */
    private static void openAsAdmin(Browser browser, RunningBot running, SessionStore sessions) {
        browser.open(URI.create(running.webUrl() + "/invite/" + sessions.invite(true, Duration.ofHours(1)).token()));
        browser.await("the chat page after the invite", d -> d.findElement(By.id("app")).isDisplayed());
        browser.open(URI.create(running.webUrl() + "/admin"));
        browser.await("the dashboard loaded", d -> {
            String state = d.findElement(By.tagName("body")).getAttribute("data-state");
            if ("error".equals(state)) {
                throw new AssertionError("the dashboard shows an error: " + d.findElement(By.id("error")).getText());
            }
            return "ready".equals(state);
        });
    }
}
