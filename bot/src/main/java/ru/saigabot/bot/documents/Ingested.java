package ru.saigabot.bot.documents;

/**
 * What became of a file: read into the chat's documents, or the same content was there already (the file's row is
 * gone, {@code document} is the one kept), or the row was deleted while it was read.
 */
public record Ingested(Outcome outcome, ChatDocument document) {
    public enum Outcome { READ, ALREADY_THERE, GONE }

    public static final Ingested GONE = new Ingested(Outcome.GONE, null);
}
