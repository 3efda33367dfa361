package ru.saigabot.training.scrub;

/** The kinds of personal data scrubbed from exported text, each with the placeholder that replaces it. */
public enum PiiKind {
    LINK("[LINK]"),
    EMAIL("[EMAIL]"),
    TOKEN("[TOKEN]"),
    CARD("[CARD]"),
    PHONE("[PHONE]"),
    USERNAME("[USERNAME]"),
    NAME("[NAME]");

    private final String placeholder;

    PiiKind(String placeholder) {
        this.placeholder = placeholder;
    }

    public String placeholder() {
        return placeholder;
    }
}
