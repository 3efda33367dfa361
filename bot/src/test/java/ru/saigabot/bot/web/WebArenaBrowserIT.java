package ru.saigabot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.cli.Main;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.browser.Browser;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * The arena in a real Chromium against the real bot (two live variants on the tiny model) and PostgreSQL: the ⚔
 * toggle makes the next question a battle whose answers stream side by side, a reload keeps the battle and its
 * buttons, a click records the vote; the annotation tasks are shown one at a time with the same buttons, stacked on
 * a phone-wide window.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class WebArenaBrowserIT {

    @Test
    void battlesAndAnnotatesInABrowser(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        loadTasks(db, dir);
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.startWithApi(db, model, dir.resolve("data"), RunningBot.options(24), 2,
                new ArenaOptions(3, null, model.path() + "@temperature=1.5,seed=3", 0), held::around);
             Database database = Database.open(db.jdbcUrl(), 2);
             Browser browser = Browser.desktop()) {
            browser.open(URI.create(running.webUrl() + "/invite/" + new SessionStore(database)
                    .invite(false, Duration.ofHours(1)).token()));
            browser.await("the chat after the invite", d -> d.findElement(By.id("app")).isDisplayed());

            WebElement toggle = browser.driver().findElement(By.id("arena-toggle"));
            toggle.click();
            assertThat(toggle.getAttribute("aria-pressed")).isEqualTo("true");
            WebElement question = browser.driver().findElement(By.id("question"));
            question.sendKeys("Расскажи про Байкал");
            question.sendKeys(Keys.ENTER);

            // Answer A is held after its first words: it streams on the left while B waits on the right.
            browser.await("answer A streaming beside B", d -> !side(d, "A").findElements(
                    By.cssSelector(".content p")).isEmpty() && !side(d, "A").getText().isBlank()
                    && side(d, "B").getAttribute("class").contains("streaming"));
            assertThat(browser.driver().findElement(By.id("stop")).isDisplayed()).isTrue();
            assertThat(browser.driver().findElements(By.cssSelector(".battle .arena-choice")))
                    .as("no buttons while the answers are written").isEmpty();
            assertThat(toggle.getAttribute("aria-pressed")).as("the toggle is for one question").isEqualTo("false");
            held.release();
            browser.await("both answers, then the four buttons", d -> choices(d).size() == 4
                    && d.findElements(By.cssSelector(".battle .streaming")).isEmpty());
            assertThat(browser.driver().findElement(By.id("send")).isDisplayed()).isTrue();
            String answerA = side(browser.driver(), "A").findElement(By.className("content")).getText();
            assertThat(answerA).isNotBlank();
            assertThat(side(browser.driver(), "B").findElement(By.className("content")).getText()).isNotBlank();
            Rectangle left = side(browser.driver(), "A").getRect();
            Rectangle right = side(browser.driver(), "B").getRect();
            assertThat(right.getX()).as("side by side on a desktop").isGreaterThan(left.getX() + left.getWidth() - 1);
            assertThat(right.getY()).isEqualTo(left.getY());

            browser.driver().navigate().refresh();
            browser.await("the battle and its buttons after a reload", d -> choices(d).size() == 4);
            assertThat(browser.driver().findElements(By.cssSelector("#messages > .message.assistant")))
                    .as("answer A is shown in the battle, not twice").isEmpty();
            assertThat(side(browser.driver(), "A").findElement(By.className("content")).getText()).isEqualTo(answerA);

            choice(browser.driver(), "b").click();
            browser.await("the vote shown", d -> choice(d, "b").getAttribute("class").contains("chosen")
                    && side(d, "B").getAttribute("class").contains("chosen") && !choice(d, "a").isEnabled());
            String sideOfB = running.sql.strings("SELECT arena_side FROM generation WHERE arena_shown = 'B'").get(0);
            Await.until(RunningBot.WAIT, () -> running.sql.strings("SELECT choice FROM arena_vote"),
                    votes -> votes.equals(List.of(sideOfB)));
            browser.screenshot("arena");

            browser.driver().navigate().refresh();
            browser.await("the chosen answer continuing the conversation", d -> d.findElements(
                    By.cssSelector("#messages > .message.assistant")).size() == 1
                    && d.findElements(By.className("battle")).isEmpty());

            browser.driver().findElement(By.id("annotate-open")).click();
            browser.await("the first task", d -> d.findElement(By.cssSelector("#annotate .arena-task"))
                    .isDisplayed() && choices(d, "#annotate").size() == 5);
            assertThat(browser.driver().findElement(By.id("ask")).isDisplayed()).isFalse();
            String shownA = side(browser.driver(), "#annotate", "A").findElement(By.className("content")).getText();
            choice(browser.driver(), "#annotate", "a").click();
            browser.await("the vote recorded and the next task shown", d -> !d.findElements(
                    By.cssSelector("#annotate .arena-recorded")).isEmpty() && d.findElement(By.cssSelector(
                    "#annotate .arena-task-title")).getText().endsWith("2"));
            String expected = shownA.contains("альфа") ? "a" : "b";
            Await.until(RunningBot.WAIT, () -> running.sql.strings("SELECT choice FROM arena_vote v "
                    + "JOIN arena_task t ON t.id = v.task_id WHERE t.origin = 'task' AND v.choice IS NOT NULL"),
                    votes -> votes.equals(List.of(expected)));
            browser.screenshot("annotate");

            // On a phone-wide window the two answers stack.
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.await("the answers stacked", d -> side(d, "#annotate", "B").getRect().getY()
                    >= side(d, "#annotate", "A").getRect().getY() + side(d, "#annotate", "A").getRect().getHeight());
            browser.screenshot("annotate-phone");
            choice(browser.driver(), "#annotate", "skip").click();
            browser.await("no tasks left", d -> !d.findElements(By.cssSelector("#annotate .arena-done")).isEmpty());

            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static WebElement side(WebDriver driver, String label) {
        return side(driver, ".battle", label);
    }

    private static WebElement side(WebDriver driver, String scope, String label) {
        return driver.findElement(By.cssSelector(scope + " .arena-side[data-label='" + label + "']"));
    }

    private static List<WebElement> choices(WebDriver driver) {
        return choices(driver, ".battle");
    }

    private static List<WebElement> choices(WebDriver driver, String scope) {
        return driver.findElements(By.cssSelector(scope + " .arena-choice"));
    }

    private static WebElement choice(WebDriver driver, String choice) {
        return choice(driver, ".battle", choice);
    }

    private static WebElement choice(WebDriver driver, String scope, String choice) {
        return driver.findElement(By.cssSelector(scope + " .arena-choice[data-choice='" + choice + "']"));
    }

    /** Two annotation tasks with ready answers, loaded as an operator does ({@code arena tasks load}). */
    private static void loadTasks(DatabaseUrl db, Path dir) throws Exception {
        Path tasks = dir.resolve("tasks.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            lines.append("{\"prompt\": \"Чем знаменит Байкал? (вопрос ").append(i).append(")\", ")
                    .append("\"variant_a\": \"left.gguf\", \"answer_a\": \"Ответ альфа: **самое глубокое** озеро.\", ")
                    .append("\"variant_b\": \"right.gguf\", \"answer_b\": \"Ответ бета: пятая часть пресной воды.\"}\n");
        }
        Files.writeString(tasks, lines, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        assertThat(commandLine.execute("arena", "tasks", "load", tasks.toString(), "--db-url", db.jdbcUrl()))
                .as(err.toString()).isZero();
    }
}
