package ru.saigabot.training.export;

import java.util.Locale;

/** The cleaning rules, in the order they apply; the dataset card counts the records each removed. */
public enum DropRule {
    OUT_OF_RANGE("prompt sent outside --since/--until"),
    EXCLUDED_CONVERSATION("conversation excluded from training by an operator on the dashboard"),
    DOCUMENTS_DELETED("documents deleted after the answer: the question's passages are gone, so its prompt "
            + "cannot be rebuilt as the model saw it"),
    EXCLUDED_ANSWER("answer excluded from training by an operator on the dashboard (it stays in the history of "
            + "later turns)"),
    UNFINISHED("answer not finished (cut off or failed)"),
    SHORT("prompt or answer empty or trivially short (fewer than "
            + ru.saigabot.training.clean.TextChecks.MIN_SIGNIFICANT_CHARACTERS + " letters or digits)"),
    TIE("as many 👍 as 👎"),
    LOW_AGREEMENT("majority below --min-agreement"),
    MISSING_ANSWER("preference pair whose answer is not in the prompt's conversation"),
    LENGTH_RATIO("chosen answer longer than --max-length-ratio times the rejected one"),
    DUPLICATE_PROMPT("same prompt after normalisation as a better-voted record"),
    USER_CAP("over --max-per-user records of one user");

    private final String description;

    DropRule(String description) {
        this.description = description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }
}
