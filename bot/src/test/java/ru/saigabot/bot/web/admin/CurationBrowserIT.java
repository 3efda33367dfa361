package ru.saigabot.bot.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import ru.saigabot.bot.testing.browser.Browser;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * The curation section in a real Chromium, against the whole bot and the answers {@link CurationIT} seeds: an admin
 * opens an invite, then /admin, finds a 👎 answer, opens its conversation, excludes the answer with a reason and sees
 * it marked, in the list too; on a phone, the list and one conversation take the screen in turn.
 */
@ExtendWith(FreshDatabase.class)
class CurationBrowserIT {

    @Test
    void anAdminFindsADislikedAnswerOpensItAndExcludesItFromTraining(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        try (CurationIT.Setup setup = CurationIT.start(db, dir); Browser browser = Browser.desktop()) {
            CurationIT.Seeded s = setup.ids();
            signIn(browser, setup);
            browser.open(page(setup, "/admin"));
            // The filter bar starts at 👎 only: the four disliked answers, newest first.
            List<String> listed = browser.await("the disliked answers listed", driver -> {
                List<String> ids = driver.findElements(By.cssSelector(".curation-item")).stream()
                        .map(item -> item.getAttribute("data-id")).toList();
                return ids.size() == 4 ? ids : null;
            });
            assertThat(listed).containsExactly(id(s.a5()), id(s.a4()), id(s.a3()), id(s.a2Old()));
            WebElement item = browser.driver().findElement(item(s.a3()));
            assertThat(item.findElement(By.className("curation-answer")).getText())
                    .isEqualTo("Сайгаки зимуют на Луне, в кратере Коперника.");

            item.findElement(By.className("curation-open")).click();
            browser.awaitText(By.cssSelector("#curation-view .curation-turn.chosen"), "Сайгаки зимуют на Луне");
            List<String> turns = browser.driver().findElements(By.cssSelector("#curation-view .curation-turn"))
                    .stream().map(turn -> turn.getAttribute("data-id")).toList();
            assertThat(turns).as("the prompt without the failed and the replaced answers").containsExactly(
                    id(s.q1()), id(s.a1()), id(s.q2()), id(s.a2()), id(s.q3()), id(s.a3()));
            // Markdown is rendered as elements, not as its asterisks.
            assertThat(browser.driver().findElement(By.cssSelector(
                    "#curation-view .curation-turn[data-id='" + s.a2() + "'] strong")).getText())
                    .isEqualTo("сухую траву");

            String reason = "Выдумка: сайгаки не зимуют на Луне <b>никогда</b>";
            browser.driver().findElement(By.className("curation-exclude-answer")).click();
            WebElement box = browser.await("the reason box", driver -> driver.findElement(By.id("curation-reason")));
            box.sendKeys(reason);
            browser.driver().findElement(By.className("curation-reason-ok")).click();
            browser.awaitText(By.cssSelector("#curation-view .curation-excluded[data-scope='answer'] .curation-reason"),
                    reason);
            browser.awaitText(By.cssSelector(".curation-item[data-id='" + s.a3() + "'] .curation-reason"), reason);
            assertThat(browser.driver().findElements(By.className("curation-exclude-answer")))
                    .as("an excluded answer offers no second exclusion").isEmpty();
            // The browser's admin is the newest web user: the setup's own HTTP client signed in before it.
            long adminId = setup.running().sql.number("SELECT max(id) FROM web_user WHERE admin");
            assertThat(setup.running().sql.rows("SELECT message_id, conversation_id, reason, excluded_by "
                    + "FROM training_exclusion")).containsExactly(Arrays.asList(s.a3(), null, reason, adminId));
            browser.screenshot("curation");

            browser.driver().findElement(By.cssSelector("#curation-view .curation-undo")).click();
            browser.await("the mark undone", driver -> driver.findElements(By.cssSelector(
                    ".curation-item[data-id='" + s.a3() + "'] .curation-excluded")).isEmpty()
                    && !driver.findElements(By.className("curation-exclude-answer")).isEmpty());
            assertThat(setup.running().sql.number("SELECT count(*) FROM training_exclusion")).isZero();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void onAPhoneTheListAndAConversationTakeTheScreenInTurn(DatabaseUrl db, @TempDir Path dir) throws Exception {
        try (CurationIT.Setup setup = CurationIT.start(db, dir); Browser phone = Browser.phone()) {
            CurationIT.Seeded s = setup.ids();
            signIn(phone, setup);
            phone.open(page(setup, "/admin"));
            WebElement item = phone.await("the grounded answer listed",
                    driver -> driver.findElement(item(s.a4())));
            item.findElement(By.className("curation-open")).click();
            phone.awaitText(By.cssSelector("#curation-view .curation-turn.chosen"), "около тонны");
            assertThat(phone.driver().findElement(By.className("curation-list-pane")).isDisplayed())
                    .as("the list makes room for the conversation").isFalse();
            phone.driver().findElement(By.cssSelector("#curation-view .curation-passages summary")).click();
            phone.awaitText(By.cssSelector("#curation-view .curation-passages li"), "от двадцати трёх до сорока");
            assertThat(phone.script("return document.documentElement.scrollWidth;")).as("nothing wider than the phone")
                    .isEqualTo(390L);
            phone.screenshot("curation-phone");
            phone.driver().findElement(By.className("curation-back")).click();
            phone.await("the list back", driver -> driver.findElement(By.className("curation-list-pane"))
                    .isDisplayed());
            assertThat(phone.consoleErrors()).isEmpty();
        }
    }

    /** Opens an admin invite as a person would, and waits for the chat page it leads to. */
    private static void signIn(Browser browser, CurationIT.Setup setup) {
        String token = new SessionStore(setup.database()).invite(true, Duration.ofHours(1)).token();
        browser.open(page(setup, "/invite/" + token));
        browser.await("the session cookie", driver -> driver.manage().getCookieNamed(WebServer.SESSION_COOKIE));
        browser.await("the chat page", driver -> driver.findElement(By.id("app")).isDisplayed());
    }

    private static URI page(CurationIT.Setup setup, String path) {
        return URI.create(setup.running().webUrl() + path);
    }

    private static By item(long answerId) {
        return By.cssSelector(".curation-item[data-id='" + answerId + "']");
    }

    private static String id(long id) {
        return Long.toString(id);
    }
}
