package ru.saigabot.bot.web;

/** A request the web pages made that is refused, with the status and the sentence the page shows. */
public final class WebError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public WebError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static WebError badRequest(String message) {
        return new WebError(400, message);
    }

    public static WebError notFound(String message) {
        return new WebError(404, message);
    }

    public static WebError conflict(String message) {
        return new WebError(409, message);
    }

    public static WebError tooMany(String message) {
        return new WebError(429, message);
    }
}
