package ru.saigabot.bot.handlers;

import java.text.NumberFormat;
import java.util.Locale;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import ru.saigabot.bot.documents.DocumentNotices;
import ru.saigabot.bot.documents.Ingested;
import ru.saigabot.bot.documents.QueuedDocument;
import ru.saigabot.bot.documents.read.DocumentRefused;
import ru.saigabot.bot.render.Phrase;

/**
 * Tells the sender of a file, in reply to it, what the bot read ("📄 guide.pdf: 84 pages, 31,000 words") or why it
 * could not. Handed to the outbox: the reader's thread never waits for Telegram.
 */
public final class DocumentReplies implements DocumentNotices {
    private final Replies replies;
    private final long maxBytes;

    public DocumentReplies(Replies replies, long maxBytes) {
        this.replies = replies;
        this.maxBytes = maxBytes;
    }

    @Override
    public void read(QueuedDocument document, Ingested result) {
        String language = document.language();
        String text = switch (result.outcome()) {
            case READ -> Phrase.DOC_READ.in(language, document.fileName(),
                    result.document().pages() > 0
                            ? Phrase.DOC_PAGES.in(language, number(result.document().pages(), language)) : "",
                    number(result.document().words(), language));
            case ALREADY_THERE -> Phrase.DOC_ALREADY.in(language, document.fileName(), result.document().fileName());
            case GONE -> null;
        };
        if (text != null) {
            send(document, text);
        }
    }

    @Override
    public void refused(QueuedDocument document, DocumentRefused refusal) {
        String language = document.language();
        String name = document.fileName();
        String text = switch (refusal.reason()) {
            case UNSUPPORTED_TYPE -> Phrase.DOC_REFUSED_UNSUPPORTED_TYPE.in(language, name);
            case TOO_BIG -> Phrase.DOC_REFUSED_TOO_BIG.in(language, name, DocumentsHandler.megabytes(maxBytes));
            case TOO_MANY_PAGES -> Phrase.DOC_REFUSED_TOO_MANY_PAGES.in(language, name);
            case TOO_LONG -> Phrase.DOC_REFUSED_TOO_LONG.in(language, name);
            case ENCRYPTED -> Phrase.DOC_REFUSED_ENCRYPTED.in(language, name);
            case NO_TEXT_LAYER -> Phrase.DOC_REFUSED_NO_TEXT_LAYER.in(language, name);
            case EMPTY -> Phrase.DOC_REFUSED_EMPTY.in(language, name);
            case DAMAGED -> Phrase.DOC_REFUSED_DAMAGED.in(language, name);
            case TIMED_OUT -> Phrase.DOC_REFUSED_TIMED_OUT.in(language, name);
        };
        send(document, text);
    }

    @Override
    public void unavailable(QueuedDocument document) {
        send(document, Phrase.DOC_UNAVAILABLE.in(document.language(), document.fileName()));
    }

    /** 31 000 in Russian, 31,000 in English. */
    static String number(int value, String language) {
        boolean english = language != null && language.toLowerCase(Locale.ROOT).startsWith("en");
        return NumberFormat.getIntegerInstance(english ? Locale.ENGLISH : Locale.forLanguageTag("ru"))
                .format(value).replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    private void send(QueuedDocument document, String text) {
        SendMessage.SendMessageBuilder<?, ?> message = SendMessage.builder().chatId(document.chatId()).text(text);
        if (document.tgMessageId() != null) {
            message.replyParameters(ReplyParameters.builder().messageId(document.tgMessageId().intValue())
                    .allowSendingWithoutReply(true).build());
        }
        replies.send(document.chatId(), message.build());
    }
}
