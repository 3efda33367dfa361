package ru.saigabot.bot.answer.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import ru.saigabot.bot.answer.AnswerFailure;
import ru.saigabot.bot.answer.AnswerView;
import ru.saigabot.bot.answer.Delivered;
import ru.saigabot.bot.documents.Citations;
import ru.saigabot.bot.documents.GivenSources;
import ru.saigabot.bot.generation.ArenaTurn;
import ru.saigabot.bot.generation.ConversationPurpose;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.render.ArenaView;
import ru.saigabot.bot.render.HtmlSplitter;
import ru.saigabot.bot.render.JsonAnswer;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.SourcesView;
import ru.saigabot.bot.render.TelegramHtml;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationResult;

/**
 * One answer in a Telegram chat: streamed by {@link AnswerStream}, then shown whole, as Telegram HTML
 * ({@link AnswerFormat}; an extraction's as JSON, {@link JsonAnswer}, and as a file too when long), in the
 * placeholder or in new messages after a draft, with 👍/👎/🔄 under it (a live battle's answer "B" gets the vote
 * buttons instead; answer "A" none).
 */
final class TelegramAnswer implements AnswerView {
    private static final Logger log = LoggerFactory.getLogger(TelegramAnswer.class);

    private final GenerationJob job;
    private final AnswerTarget target;
    private final AnswerStream stream;
    private final AnswerMessages messages;
    private final boolean placeholderSentHere;
    private final Function<GenerationJob, GivenSources> sources;

    /**
     * @param placeholderSentHere the target's placeholder, if it has one, was sent for this attempt
     * @param sources             the passages the answer's question was given, read when the answer is shown
     */
    TelegramAnswer(GenerationJob job, AnswerTarget target, AnswerStream stream, AnswerMessages messages,
                   boolean placeholderSentHere, Function<GenerationJob, GivenSources> sources) {
        this.job = job;
        this.sources = sources;
        this.target = target;
        this.stream = stream;
        this.messages = messages;
        this.placeholderSentHere = placeholderSentHere;
    }

    @Override
    public Long placeholder() {
        Integer placeholder = target.placeholderOrNull();
        return placeholder == null ? null : placeholder.longValue();
    }

    @Override
    public void onQueued(int position) {
        stream.onQueued(position);
    }

    @Override
    public void onStarted() {
        stream.onStarted();
    }

    @Override
    public void onText(String delta) {
        stream.onText(delta);
    }

    @Override
    public void close() {
        stream.close();
    }

    /** An extraction's answers are JSON, however they came to be asked for; a live battle's never are. */
    static boolean showsJson(GenerationJob job) {
        return job.purpose() == ConversationPurpose.EXTRACT && job.arena() == null;
    }

    @Override
    public Delivered deliver(GenerationResult result) {
        String language = job.language();
        String json = showsJson(job) ? JsonAnswer.pretty(result.text()) : null;
        GivenSources given = json == null && job.purpose() == ConversationPurpose.CHAT ? sources.apply(job)
                : GivenSources.NOT_SEARCHED;
        Citations.Checked checked = given.searched() ? Citations.check(result.text().strip(), given.passages().size())
                : new Citations.Checked(result.text().strip(), Set.of());
        List<String> parts = json != null ? JsonAnswer.messages(json) : AnswerFormat.messages(checked.text());
        if (parts.isEmpty()) {
            String shown = result.finishReason() == FinishReason.CANCELLED ? Phrase.ANSWER_STOPPED.in(language)
                    : Phrase.EMPTY_ANSWER.in(language);
            return new Delivered(true, (long) messages.write(job, target.placeholderOrNull(),
                    TelegramHtml.escape(shown), null));
        }
        if (json != null) {
            Delivered shown = show(parts, Keyboards.feedback(job.id()));
            if (JsonAnswer.needsDocument(json)) {
                sendDocument(json);
            }
            return shown;
        }
        ArenaTurn arena = job.arena();
        if (arena != null) {
            parts = ArenaView.labelled(parts, arena.shownFirst(), language);
        }
        parts = withFooter(parts, SourcesView.html(given, checked.cited(), language));
        // A live battle is voted on under answer "B", the second to come: 👍/👎 and 🔄 are for ordinary answers.
        InlineKeyboardMarkup buttons = arena == null ? Keyboards.feedback(job.id())
                : arena.shownFirst() ? null : ArenaView.buttons(arena.voteId(), language, false);
        return show(parts, buttons);
    }

    /** The sources after the answer's last message, or in a message of their own when they do not fit in it. */
    private static List<String> withFooter(List<String> parts, String footer) {
        if (footer.isEmpty()) {
            return parts;
        }
        List<String> withFooter = new ArrayList<>(parts);
        String last = withFooter.get(withFooter.size() - 1);
        if (last.length() + 2 + footer.length() <= HtmlSplitter.TELEGRAM_LIMIT) {
            withFooter.set(withFooter.size() - 1, last + "\n\n" + footer);
        } else {
            withFooter.addAll(HtmlSplitter.split(footer, HtmlSplitter.TELEGRAM_LIMIT));
        }
        return withFooter;
    }

    /** The answer's messages, the first in the placeholder, {@code buttons} under the last. */
    private Delivered show(List<String> parts, InlineKeyboardMarkup buttons) {
        int last = messages.write(job, target.placeholderOrNull(), parts.get(0), parts.size() == 1 ? buttons : null);
        for (int i = 1; i < parts.size(); i++) {
            last = messages.send(job, null, parts.get(i), i == parts.size() - 1 ? buttons : null).getMessageId();
        }
        log.debug("answer shown: chat_id={} generation_id={} parts={}", job.chatId(), job.id(), parts.size());
        return new Delivered(false, (long) last);
    }

    /**
     * Long JSON also as a file, after the messages that show it (and carry the buttons): an extra, so a file
     * Telegram refuses costs the user only the file.
     */
    private void sendDocument(String json) {
        try {
            messages.sendDocument(job, "extraction-" + job.id() + ".json", json.getBytes(StandardCharsets.UTF_8),
                    Phrase.EXTRACT_DOCUMENT.in(job.language()));
        } catch (TelegramCallException e) {
            log.warn("extraction not sent as a file: chat_id={} generation_id={} error={}", job.chatId(), job.id(),
                    e.getMessage());
        }
    }

    @Override
    public void fail(AnswerFailure failure) {
        String language = job.language();
        String shown;
        if (failure instanceof AnswerFailure.TooLong tooLong) {
            shown = Phrase.MESSAGE_TOO_LONG.in(language, tooLong.neededTokens(), tooLong.availableTokens());
        } else {
            shown = (failure instanceof AnswerFailure.Busy ? Phrase.MODEL_BUSY : Phrase.GENERATION_ERROR).in(language);
        }
        try {
            messages.write(job, target.placeholderOrNull(), TelegramHtml.escape(shown), Keyboards.retry(job.id()));
        } catch (TelegramCallException e) {
            log.warn("could not tell the user about a failed answer: chat_id={} error={}", job.chatId(),
                    e.getMessage());
        }
    }

    /** A restart notice where the answer was being shown; a draft fades by itself if the restart is long. */
    @Override
    public void restarting() {
        String notice = TelegramHtml.escape(Phrase.RESTARTING.in(job.language()));
        try {
            if (target.isDraft()) {
                messages.html().draft(job.chatId(), target.draftId(), notice, false);
            } else {
                messages.write(job, target.placeholder(), notice, null);
            }
        } catch (TelegramCallException e) {
            log.debug("restart notice not shown: chat_id={} error={}", job.chatId(), e.getMessage());
        }
    }

    /** A placeholder sent for nothing (a group's "thinking…" message) is deleted; a draft fades by itself. */
    @Override
    public void withdraw() {
        if (!target.isDraft() && placeholderSentHere) {
            messages.delete(job, target.placeholder());
        }
    }
}
