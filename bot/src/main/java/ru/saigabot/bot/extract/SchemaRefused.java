package ru.saigabot.bot.extract;

/**
 * A JSON schema {@link SchemaCheck} will not pass to llama.cpp, with where and why. Checked, because the schema comes
 * from a user (an API request, an admin's {@code /schema add}) and every caller must answer with the reason.
 */
public final class SchemaRefused extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    /**
     * @param path   where in the schema, as {@code properties.phone} or {@code anyOf[1]}; {@code (root)} for the whole
     * @param reason what is wrong there, in English, e.g. {@code keyword 'patternProperties' is not supported}
     */
    public SchemaRefused(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
