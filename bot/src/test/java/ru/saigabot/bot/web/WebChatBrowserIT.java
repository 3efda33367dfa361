package ru.saigabot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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
 * The web chat in a real Chromium against the real bot, PostgreSQL and the tiny model: an invite link signs in, a
 * Russian question's answer streams in, stop keeps what was written, 👍, 🔄, an edited question, a reload shows the
 * history, Markdown from the model cannot become markup, a phone-sized window, and a page without a session.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class WebChatBrowserIT {

    @Test
    void chatsInABrowser(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(400), 1, held::around);
             Database database = Database.open(db.jdbcUrl(), 2);
             Browser browser = Browser.desktop()) {
            SessionStore sessions = new SessionStore(database);
            browser.open(URI.create(running.webUrl() + "/invite/" + sessions.invite(false, Duration.ofHours(1))
                    .token()));
            browser.await("the chat after the invite", d -> d.findElement(By.id("app")).isDisplayed());

            ask(browser, "Привет! Расскажи длинную историю.");
            // Held after its first words: what the page shows now came while the answer was being written.
            // Text, not the "waiting in the queue" note: the answer runs, and is held until released.
            String streamed = browser.await("the answer streaming in", d -> {
                try {
                    return d.findElements(By.cssSelector(".message.assistant.streaming .content p:not(.note)"))
                            .stream().map(WebElement::getText).filter(text -> !text.isBlank()).findFirst()
                            .orElse(null);
                } catch (StaleElementReferenceException e) {
                    return null; // redrawn with more text just now
                }
            });
            assertThat(streamed).isNotBlank();
            assertThat(browser.driver().findElement(By.id("stop")).isDisplayed()).isTrue();
            browser.driver().findElement(By.id("stop")).click();
            // The stop lets the held answer go itself; it ends with what it wrote.
            browser.await("the stopped answer, stored", settled(d -> answers(d).size() == 1));
            held.release(); // the answers from here on run freely
            Await.until(RunningBot.WAIT, () -> running.sql.number("SELECT count(*) FROM message WHERE role = "
                    + "'assistant' AND status = 'cut'") == 1);

            ask(browser, "Как дела?");
            browser.await("the second answer", settled(d -> answers(d).size() == 2
                    && !answers(d).get(1).findElements(By.className("vote-up")).isEmpty()));
            WebElement last = answers(browser.driver()).get(1);
            String firstAnswerId = last.getAttribute("data-id");
            last.findElement(By.className("vote-up")).click();
            browser.await("👍 marked", d -> d.findElement(By.cssSelector(".message[data-id='" + firstAnswerId
                    + "'] .vote-up")).getAttribute("class").contains("chosen"));
            Await.until(RunningBot.WAIT, () -> running.sql.number("SELECT count(*) FROM feedback WHERE message_id = ? "
                    + "AND vote = 1 AND source = 'web'", Long.parseLong(firstAnswerId)) == 1);

            last.findElement(By.className("regenerate")).click();
            browser.await("another answer in place of the first", settled(d -> answers(d).size() == 2
                    && !firstAnswerId.equals(answers(d).get(1).getAttribute("data-id"))
                    && !answers(d).get(1).findElements(By.className("regenerate")).isEmpty()));

            List<WebElement> questions = browser.driver().findElements(By.cssSelector(".message.user"));
            questions.get(questions.size() - 1).findElement(By.className("edit")).click();
            WebElement box = browser.await("the edit box", d -> d.findElement(By.className("edit-box")));
            box.clear();
            box.sendKeys("Как погода?");
            browser.driver().findElement(By.className("edit-send")).click();
            browser.await("the corrected question answered", settled(d -> answers(d).size() == 2
                    && d.findElements(By.cssSelector(".message.user")).stream()
                            .anyMatch(q -> q.getText().contains("Как погода?"))));

            browser.driver().navigate().refresh();
            browser.await("the history after a reload", settled(d -> answers(d).size() == 2
                    && d.findElements(By.cssSelector("#conversations .conversation")).size() == 1));
            assertThat(browser.driver().findElements(By.cssSelector(".message.user")).get(0).getText())
                    .isEqualTo("Привет! Расскажи длинную историю.");

            Object rendered = browser.script("return import('/static/markdown.js').then(m => {"
                    + "const box = document.createElement('div');"
                    + "box.append(m.render('<think>мысли</think>Ответ <img src=x onerror=\"window.hacked=1\"> "
                    + "**жирный** [плохая](javascript:alert(1)) [хорошая](https://example.org)', 'R'));"
                    + "return box.innerHTML; })");
            assertThat(rendered.toString()).contains("<details class=\"reasoning\">", "<strong>жирный</strong>",
                    "&lt;img", "href=\"https://example.org\"").doesNotContain("<img", "href=\"javascript");
            assertThat(browser.script("return window.hacked === undefined")).isEqualTo(true);

            browser.screenshot("chat");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void aPhoneGetsAMenuAndAPageWithoutASessionOnlyHowToSignIn(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(16), 1,
                java.util.function.UnaryOperator.identity());
             Database database = Database.open(db.jdbcUrl(), 2)) {
            try (Browser stranger = Browser.desktop()) {
                stranger.open(URI.create(running.webUrl() + "/"));
                stranger.await("how to sign in", d -> d.findElement(By.id("signin")).isDisplayed());
                assertThat(stranger.driver().findElement(By.id("app")).isDisplayed()).isFalse();
                stranger.open(URI.create(running.webUrl() + "/admin"));
                stranger.await("the dashboard refused", d -> d.findElement(By.id("signin")).isDisplayed());
            }
            try (Browser phone = Browser.phone()) {
                phone.open(URI.create(running.webUrl() + "/invite/" + new SessionStore(database)
                        .invite(false, Duration.ofHours(1)).token()));
                phone.await("the chat on a phone", d -> d.findElement(By.id("menu")).isDisplayed());
                ask(phone, "Привет с телефона");
                phone.await("the answer on a phone", settled(d -> answers(d).size() == 1));
                phone.driver().findElement(By.id("menu")).click();
                phone.await("the conversations, opened from the menu", d -> d.findElement(By.id("sidebar"))
                        .getAttribute("class").contains("open")
                        && d.findElement(By.cssSelector("#conversations .conversation")).isDisplayed());
                phone.screenshot("chat-phone");
                assertThat(phone.consoleErrors()).isEmpty();
            }
        }
    }

    private static void ask(Browser browser, String text) {
        WebElement question = browser.driver().findElement(By.id("question"));
        question.sendKeys(text);
        question.sendKeys(Keys.ENTER);
    }

    /**
     * {@code condition} once no answer is being written; false while the page redraws the conversation under it
     * (elements just read are replaced), so the wait looks again instead of failing.
     */
    private static Function<WebDriver, Boolean> settled(Predicate<WebDriver> condition) {
        return d -> {
            try {
                return d.findElements(By.cssSelector(".streaming")).isEmpty() && condition.test(d);
            } catch (StaleElementReferenceException | IndexOutOfBoundsException e) {
                return false;
            }
        };
    }

    private static List<WebElement> answers(WebDriver driver) {
        return driver.findElements(By.cssSelector(".message.assistant:not(.streaming)"));
    }
}
