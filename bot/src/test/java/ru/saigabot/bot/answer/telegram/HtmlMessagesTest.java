package ru.saigabot.bot.answer.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TextEntity;

/** Sending and editing HTML through the real gateway and the emulator: refusals go plain, nothing is lost. */
class HtmlMessagesTest {
    private static final String TOKEN = "7000060:TEST-token-for-the-emulator-only";

    private BotApiEmulator telegram;
    private TelegramGateway gateway;
    private HtmlMessages messages;
    private TestChat chat;

    @BeforeEach
    void start() {
        telegram = BotApiEmulator.start(TOKEN);
        gateway = new TelegramGateway(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()));
        messages = new HtmlMessages(gateway);
        chat = telegram.privateChat(telegram.user(9301, "Ника", "ru"));
    }

    @AfterEach
    void stop() {
        gateway.close();
        telegram.close();
    }

    @Test
    void sendsAndEditsFormattedAndAnUnchangedEditIsDone() {
        int id = messages.send(chat.id(), null, null, "<b>Жирный</b> &amp; обычный", null).getMessageId();
        assertThat(messages.edit(chat.id(), id, "<b>Жирный</b> &amp; обычный", null)).isTrue();
        assertThat(messages.edit(chat.id(), id, "<i>Другой</i>", null)).isTrue();

        BotMessage message = telegram.botMessage(chat.id(), id).orElseThrow();
        assertThat(message.editCount()).as("the unchanged edit was refused by Telegram, and taken as done").isOne();
        assertThat(message.entities()).containsExactly(new TextEntity("italic", 0, 6, null));
    }

    @Test
    void refusedFormattingIsSentAndEditedPlain() {
        telegram.faults().refuseFormattingNext("sendMessage", 1).refuseFormattingNext("editMessageText", 1);

        int id = messages.send(chat.id(), null, null, "a &lt; <b>b</b>", null).getMessageId();
        assertThat(telegram.botMessage(chat.id(), id).orElseThrow().text()).isEqualTo("a < b");
        assertThat(messages.edit(chat.id(), id, "<code>x &amp; y</code>", null)).isFalse();
        BotMessage message = telegram.botMessage(chat.id(), id).orElseThrow();
        assertThat(message.text()).isEqualTo("x & y");
        assertThat(message.parseMode()).isNull();
        assertThat(telegram.calls()).extracting(call -> Objects.toString(call.param("parse_mode"), "-")
                .toUpperCase(Locale.ROOT)).containsSubsequence("HTML", "-", "HTML", "-");
    }

    @Test
    void draftsAreFormattedAndGoPlainWhenTheFormattingIsRefused() {
        assertThat(messages.draft(chat.id(), 7, "<b>Пишу</b>…", false)).isTrue();
        telegram.faults().refuseFormattingNext("sendMessageDraft", 1);
        assertThat(messages.draft(chat.id(), 7, "<b>Пишу</b> дальше", false)).isFalse();
        assertThat(telegram.drafts(chat.id())).extracting(d -> d.text())
                .containsExactly("<b>Пишу</b>…", "Пишу дальше");
        assertThat(telegram.drafts(chat.id())).extracting(d -> d.draftId()).containsOnly(7);
    }

    @Test
    void aPreviewOfARepliedReplyGoesToItsTopicAndReply() {
        int question = telegram.sendText(chat, chat.user(), "Вопрос").messageId();
        int id = messages.send(chat.id(), null, question, "Ответ", null).getMessageId();
        assertThat(telegram.botMessage(chat.id(), id).orElseThrow().replyToMessageId()).isEqualTo(question);
        assertThat(messages.preview(chat.id(), id, "Ответ <i>длиннее</i>", false)).contains(true);
        assertThat(messages.preview(chat.id(), id, "Ответ <i>длиннее</i>", false)).as("not modified is done")
                .contains(true);
    }

    @Test
    void otherErrorsAreTheCallersToHandle() {
        assertThatThrownBy(() -> messages.edit(chat.id(), 999, "<b>x</b>", null))
                .isInstanceOfSatisfying(TelegramCallException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("message to edit not found");
                });
    }
}
