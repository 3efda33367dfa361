package ru.saigabot.bot.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the bot says, kept in {@code texts/ru.properties} and {@code texts/en.properties}
 * (UTF-8) so a translator edits text files, not code. A unit test checks both languages have every phrase.
 */
public enum Phrase {
    NEW_CONVERSATION, NOTHING_TO_STOP, STOPPED, ANSWER_STOPPED,
    SYSTEM_SHOW, SYSTEM_SET, SYSTEM_RESET, SYSTEM_TOO_LONG,
    PARAMS, PARAMS_CHANGED, PARAMS_NOT_OFFERED,
    CHATS, CHATS_EMPTY, CHATS_UNTITLED, CHATS_SWITCHED, CHATS_NOT_FOUND,
    MODEL_SINGLE, MODEL_CHOICE, MODEL_SWITCHED, MODEL_NOT_SERVED,
    PRIVACY, PRIVACY_KEPT, PRIVACY_RETENTION,
    REGENERATE_STARTED, REGENERATE_BUSY, REGENERATE_NOT_LATEST, REGENERATE_NOT_FOUND,
    EDIT_NOT_LATEST,
    ADMINS_ONLY, NAME_SHOW, NAME_SET, NAME_INVALID,
    LIMIT_HOURLY, LIMIT_QUEUED, NOT_ALLOWED,
    LIMIT_COMMANDS,
    STATS, STATS_ADMINS_ONLY,
    HELP, UNKNOWN_COMMAND,
    CMD_NEW, CMD_STOP, CMD_CHATS, CMD_SYSTEM, CMD_PARAMS, CMD_MODEL, CMD_ARENA, CMD_ANNOTATE, CMD_PRIVACY,
    ARENA_TASK, ARENA_ANSWER_A, ARENA_ANSWER_B, ARENA_QUESTION,
    ARENA_BUTTON_A, ARENA_BUTTON_B, ARENA_BUTTON_TIE, ARENA_BUTTON_BOTH_BAD, ARENA_BUTTON_SKIP,
    ARENA_VOTED, ARENA_SKIPPED, ARENA_ALREADY_VOTED, ARENA_NOT_FOUND, ARENA_NO_TASKS, ARENA_PRIVATE_ONLY, ARENA_LIVE_ARMED,
    WELCOME, START_DESCRIPTION, HELP_DESCRIPTION, FORGET_DESCRIPTION, TEXT_ONLY, PRIVATE_ONLY, UPDATE_FAILED,
    THINKING, QUEUE_POSITION, RESTARTING, EMPTY_ANSWER, MESSAGE_TOO_LONG, MODEL_BUSY, GENERATION_ERROR,
    VOTE_RECORDED, VOTE_CHANGED, VOTE_UNCHANGED, VOTE_NOT_FOUND,
    FORGET_CONFIRM, FORGET_BUTTON, CANCEL_BUTTON, FORGET_DONE, FORGET_CANCELLED,
    CMD_EXTRACT, EXTRACT_USAGE, EXTRACT_UNKNOWN, EXTRACT_NO_TEXT, EXTRACT_SCHEMA_BROKEN, EXTRACT_DOCUMENT,
    SCHEMA_USAGE, SCHEMA_LIST, SCHEMA_ADMINS_ONLY, SCHEMA_BAD_NAME, SCHEMA_PRESET_NAME, SCHEMA_REFUSED, SCHEMA_ADDED,
    SCHEMA_REPLACED, SCHEMA_REMOVED, SCHEMA_NOT_FOUND,
    SOURCES_TITLE, SOURCES_NONE,
    DOC_READ, DOC_PAGES, DOC_ALREADY, DOC_UNAVAILABLE,
    DOC_REFUSED_UNSUPPORTED_TYPE, DOC_REFUSED_TOO_BIG, DOC_REFUSED_TOO_MANY_PAGES, DOC_REFUSED_TOO_LONG,
    DOC_REFUSED_ENCRYPTED, DOC_REFUSED_NO_TEXT_LAYER, DOC_REFUSED_EMPTY, DOC_REFUSED_DAMAGED, DOC_REFUSED_TIMED_OUT,
    DOCS_LIST, DOCS_LIST_ON, DOCS_LIST_OFF, DOCS_EMPTY, DOCS_EMPTY_GROUP, DOCS_ON, DOCS_OFF, DOCS_ALLOWED,
    DOCS_DENIED, DOCS_ADMINS_ONLY, DOCS_USAGE, DOCS_SWITCHED_ON, DOCS_SWITCHED_OFF, DOCS_DELETED, DOCS_NOT_FOUND,
    CMD_DOCS;

    private static final Map<Phrase, String> RUSSIAN = load("ru");
    private static final Map<Phrase, String> ENGLISH = load("en");

    /** The phrase in the user's language (English for "en…", Russian otherwise), formatted with {@code args}. */
    public String in(String languageCode, Object... args) {
        boolean english = languageCode != null && languageCode.toLowerCase(Locale.ROOT).startsWith("en");
        String pattern = (english ? ENGLISH : RUSSIAN).get(this);
        return args.length == 0 ? pattern : String.format(Locale.ROOT, pattern, args);
    }

    static Map<Phrase, String> load(String language) {
        String resource = "/texts/" + language + ".properties";
        Properties properties = new Properties();
        try (InputStream in = Phrase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " in the jar");
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        Map<Phrase, String> phrases = new EnumMap<>(Phrase.class);
        for (Phrase phrase : values()) {
            String text = properties.getProperty(phrase.name().toLowerCase(Locale.ROOT));
            if (text == null) {
                throw new IllegalStateException(resource + " lacks the phrase " + phrase.name().toLowerCase(Locale.ROOT));
            }
            phrases.put(phrase, text);
        }
        return Map.copyOf(phrases);
    }
}
