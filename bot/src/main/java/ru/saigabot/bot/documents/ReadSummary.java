package ru.saigabot.bot.documents;

/** What reading a file found, as the document's row keeps it. */
public record ReadSummary(String format, int pages, int words, String sha256) {
}
