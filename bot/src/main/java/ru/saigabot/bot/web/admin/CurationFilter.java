package ru.saigabot.bot.web.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import ru.saigabot.bot.web.WebError;

/**
 * Which voted answers the curation list shows, as the page's filter bar sets them. Every value is checked here, so
 * the store binds only known words, numbers and instants.
 *
 * @param vote     answers with at least one vote of this kind
 * @param model    the model that wrote the answer, exactly; empty: any
 * @param chat     the kind of chat the answer was given in; empty: any
 * @param feedback how the vote of {@code vote} was given (button, reaction, web, api); empty: any
 * @param dates    when the question was asked (the training export's --since/--until mean the same)
 * @param excluded whether the answer (or its conversation) is taken out of training; empty: either
 */
public record CurationFilter(Vote vote, Optional<String> model, Optional<ChatFilter> chat, Optional<String> feedback,
                             Dates dates, Optional<Boolean> excluded) {
    static final int MAX_MODEL_CHARS = 200;

    /** The vote an answer must have at least one of. */
    public enum Vote {
        DOWN(-1), UP(1), ANY(0);

        /** -1, 1, or 0 for either. */
        final int value;

        Vote(int value) {
            this.value = value;
        }
    }

    /** A kind of chat as the page names it; a Telegram group is a group or a supergroup. */
    public enum ChatFilter {
        PRIVATE("private", "private"), GROUP("group", "supergroup"), WEB("web", "web"), API("api", "api");

        /** The chat kinds stored for it (twice the same when there is one). */
        final String kind;
        final String otherKind;

        ChatFilter(String kind, String otherKind) {
            this.kind = kind;
            this.otherKind = otherKind;
        }
    }

    /**
     * Questions asked on or after {@code since} and before {@code until}: the days the page gives, in UTC, both
     * included, as {@code train export --since/--until} reads them.
     */
    public record Dates(Optional<Instant> since, Optional<Instant> until) {
        public static final Dates ALL = new Dates(Optional.empty(), Optional.empty());

        /** Reads {@code from} and {@code to} (YYYY-MM-DD, either may be missing); a bad value is a 400. */
        static Dates parse(Function<String, String> parameter) {
            Optional<LocalDate> from = day(parameter, "from");
            Optional<LocalDate> to = day(parameter, "to");
            if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
                throw WebError.badRequest("The date range is empty: from " + from.get() + " is after to " + to.get()
                        + ".");
            }
            return new Dates(from.map(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant()),
                    to.map(day -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }

        private static Optional<LocalDate> day(Function<String, String> parameter, String name) {
            Optional<String> text = present(parameter.apply(name));
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                if (text.get().length() != 10) {
                    throw new DateTimeParseException("not YYYY-MM-DD", text.get(), 0);
                }
                return Optional.of(LocalDate.parse(text.get()));
            } catch (DateTimeParseException e) {
                throw WebError.badRequest("'" + shown(text.get()) + "' is not a date for " + name
                        + "; use YYYY-MM-DD (a day in UTC).");
            }
        }
    }

    /** The filter of a request's query parameters ({@code vote, model, chat, feedback, from, to, excluded}). */
    static CurationFilter parse(Function<String, String> parameter) {
        Vote vote = choice(parameter, "vote", Vote.class, "down, up or any").orElse(Vote.ANY);
        Optional<String> model = present(parameter.apply("model"));
        if (model.isPresent() && model.get().length() > MAX_MODEL_CHARS) {
            throw WebError.badRequest("The model name has " + model.get().length() + " characters; no model's is "
                    + "longer than " + MAX_MODEL_CHARS + ".");
        }
        // "any" is the page's word for no chat filter, as for the vote.
        Optional<ChatFilter> chat = choice(name -> "any".equalsIgnoreCase(parameter.apply(name)) ? null
                : parameter.apply(name), "chat", ChatFilter.class, "private, group, web or api");
        Optional<String> feedback = present(parameter.apply("feedback")).map(value -> {
            String source = value.toLowerCase(Locale.ROOT);
            if (!source.equals("button") && !source.equals("reaction") && !source.equals("web")
                    && !source.equals("api")) {
                throw WebError.badRequest("feedback '" + shown(value) + "' is unknown; use button, reaction, web "
                        + "or api.");
            }
            return source;
        });
        Optional<Boolean> excluded = present(parameter.apply("excluded")).flatMap(value -> switch (
                value.toLowerCase(Locale.ROOT)) {
            case "yes" -> Optional.of(true);
            case "no" -> Optional.of(false);
            case "any" -> Optional.empty();
            default -> throw WebError.badRequest("excluded '" + shown(value) + "' is unknown; use yes, no or any.");
        });
        return new CurationFilter(vote, model, chat, feedback, Dates.parse(parameter), excluded);
    }

    private static <E extends Enum<E>> Optional<E> choice(Function<String, String> parameter, String name,
                                                          Class<E> type, String allowed) {
        Optional<String> value = present(parameter.apply(name));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw WebError.badRequest(name + " '" + shown(value.get()) + "' is unknown; use " + allowed + ".");
        }
    }

    static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** A refused value as an error repeats it: short, so a huge parameter does not come back whole. */
    static String shown(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
