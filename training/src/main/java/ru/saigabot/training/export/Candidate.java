package ru.saigabot.training.export;

/**
 * A record that passed every rule that looks at one conversation; duplicates and per-user caps
 * are decided across the whole export afterwards.
 *
 * @param promptKey  hash of the normalised prompt (and, for KTO, the label): records sharing it are duplicates
 * @param score      how strongly votes back the record; the best-voted of duplicates is kept
 * @param userId     whose prompt it is, for {@code --max-per-user}; null when the author is unknown
 * @param train      the split side, from the prompt's hash
 * @param source     where the record comes from (vote kind or preference-pair source), for the card
 * @param neutralised whether a text of the record held a control token string, kept as text, for the card
 * @param grounded   whether its prompt's question carries passages of the chat's documents, for the card
 * @param promptTime when the prompt was sent
 * @param line       the JSONL line in UTF-8, without its newline (bytes, so it is never decoded and re-encoded
 *                   on its way from Jackson to the file)
 */
public record Candidate(ExportFormat format, long promptKey, int score, Long userId, boolean train, String source,
                        boolean neutralised, boolean grounded, long promptTimeMillis, byte[] line) {

    /** The line as text. */
    public String json() {
        return new String(line, java.nio.charset.StandardCharsets.UTF_8);
    }
}
