package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.extract.CheckedSchema;
import ru.saigabot.bot.extract.ExtractionPrompt;
import ru.saigabot.bot.extract.SchemaCheck;
import ru.saigabot.bot.extract.SchemaNames;
import ru.saigabot.bot.extract.SchemaPresets;
import ru.saigabot.bot.extract.SchemaRefused;
import ru.saigabot.bot.generation.ConversationPurpose;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.NewExchange;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.SchemaCatalog;
import ru.saigabot.bot.store.ExtractionSchemaStore;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * /extract NAME: the data of a text as JSON that follows a schema, a preset's or one an admin registered with
 * /schema add. The text is the one after the name, or else the message the command replies to. An extraction is a
 * conversation of its own (so the chat's stays as it was) and goes the way of every answer: the fair queue, the
 * user's limits, 👍/👎 and 🔄, and from there to {@code train export}.
 */
public final class ExtractCommands {
    private final Replies replies;
    private final ExtractionSchemaStore schemas;
    private final NewAnswers answers;

    public ExtractCommands(Replies replies, ExtractionSchemaStore schemas, NewAnswers answers) {
        this.replies = replies;
        this.schemas = schemas;
        this.answers = answers;
    }

    public void register(RouteTable routes) {
        routes.command("extract", Set.of("extract"), this::extract)
                .command("schema", Set.of("schema"), this::schema);
    }

    private void extract(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        if (!context.access().served()) {
            replies.to(context, message, Phrase.NOT_ALLOWED.in(language));
            return;
        }
        Arguments arguments = Arguments.of(command.arguments());
        String name = arguments.first().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            replies.to(context, message, usage(context, null));
            return;
        }
        Optional<CheckedSchema> schema;
        try {
            schema = schema(context, name);
        } catch (SchemaRefused e) {
            replies.to(context, message, Phrase.EXTRACT_SCHEMA_BROKEN.in(language, name, e.getMessage()));
            return;
        }
        if (schema.isEmpty()) {
            replies.to(context, message, usage(context, Phrase.EXTRACT_UNKNOWN.in(language, name)));
            return;
        }
        String text = TextSanitizer.clean(arguments.rest().isEmpty() ? repliedText(message) : arguments.rest()).strip();
        if (text.isEmpty()) {
            replies.to(context, message, usage(context, Phrase.EXTRACT_NO_TEXT.in(language)));
            return;
        }
        Optional<String> overLimit = Refusals.hourly(context);
        if (overLimit.isPresent()) {
            replies.to(context, message, overLimit.get());
            return;
        }
        NewExchange exchange = new NewExchange(new Place(message.getChatId(), Replies.threadOf(message),
                !message.getChat().isUserChat()), new Requester(context.authorId(), language),
                ConversationPurpose.EXTRACT.dbName(), ExtractionPrompt.systemPrompt(name, schema.get()),
                schema.get().json(), List.of(new NewExchange.Turn(true, text, (long) message.getMessageId())), null);
        int maxOpen = context.access().maxOpenRequests();
        Optional<GenerationJob> job = answers.exchange(context, exchange, maxOpen);
        if (job.isEmpty()) {
            replies.to(context, message, Phrase.LIMIT_QUEUED.in(language, maxOpen));
            return;
        }
        context.access().countQuestion();
    }

    /** A preset, or a registered schema checked again: the rules may have grown stricter since it was added. */
    private Optional<CheckedSchema> schema(UpdateContext context, String name) throws SQLException, SchemaRefused {
        Optional<CheckedSchema> preset = SchemaPresets.get(name);
        if (preset.isPresent()) {
            return preset;
        }
        Optional<String> registered = schemas.find(context.connection(), name);
        return registered.isEmpty() ? Optional.empty() : Optional.of(SchemaCheck.check(registered.get()));
    }

    /** The text of the message replied to (a caption, for a photo or a document); empty when there is none. */
    private static String repliedText(Message message) {
        Message replied = message.getReplyToMessage();
        if (replied == null) {
            return "";
        }
        String text = replied.hasText() ? replied.getText() : replied.getCaption();
        return text == null ? "" : text;
    }

    private String usage(UpdateContext context, String problem) throws SQLException {
        String usage = Phrase.EXTRACT_USAGE.in(context.language(), SchemaCatalog.lines(schemas.all(
                context.connection())));
        return problem == null ? usage : problem + "\n\n" + usage;
    }

    /** /schema list, and for the bot's admins /schema add NAME {schema} and /schema remove NAME. */
    private void schema(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        Arguments arguments = Arguments.of(command.arguments());
        String action = arguments.first().toLowerCase(Locale.ROOT);
        if (action.equals("list")) {
            replies.to(context, message, Phrase.SCHEMA_LIST.in(language,
                    SchemaCatalog.lines(schemas.all(context.connection()))));
            return;
        }
        if (!action.equals("add") && !action.equals("remove")) {
            replies.to(context, message, Phrase.SCHEMA_USAGE.in(language));
            return;
        }
        if (!context.access().admin()) {
            replies.to(context, message, Phrase.SCHEMA_ADMINS_ONLY.in(language));
            return;
        }
        Arguments named = Arguments.of(arguments.rest()).nameBeforeBrace();
        String name = named.first();
        if (name.isEmpty() || action.equals("add") && named.rest().isEmpty()) {
            replies.to(context, message, Phrase.SCHEMA_USAGE.in(language));
            return;
        }
        Optional<SchemaNames.Problem> problem = SchemaNames.problem(name);
        if (problem.isPresent()) {
            replies.to(context, message, problem.get() == SchemaNames.Problem.PRESET
                    ? Phrase.SCHEMA_PRESET_NAME.in(language, name) : Phrase.SCHEMA_BAD_NAME.in(language));
            return;
        }
        replies.to(context, message, action.equals("add") ? add(context, name, named.rest())
                : schemas.remove(context, name) ? Phrase.SCHEMA_REMOVED.in(language, name)
                : Phrase.SCHEMA_NOT_FOUND.in(language, name));
    }

    private String add(UpdateContext context, String name, String json) throws SQLException {
        String language = context.language();
        CheckedSchema checked;
        try {
            checked = SchemaCheck.check(json);
        } catch (SchemaRefused e) {
            return Phrase.SCHEMA_REFUSED.in(language, e.getMessage());
        }
        boolean replaced = schemas.put(context, name, checked.json(), context.user().getId());
        return replaced ? Phrase.SCHEMA_REPLACED.in(language, name) : Phrase.SCHEMA_ADDED.in(language, name, name);
    }

    /** A command's arguments as its first word and the rest (which keeps its line breaks). */
    record Arguments(String first, String rest) {
        static Arguments of(String text) {
            String stripped = text.strip();
            int end = 0;
            while (end < stripped.length() && !Character.isWhitespace(stripped.charAt(end))) {
                end++;
            }
            return new Arguments(stripped.substring(0, end), stripped.substring(end).strip());
        }

        /** {@code name{"type": …}}, typed without a space, as the name and the schema. */
        Arguments nameBeforeBrace() {
            int brace = first.indexOf('{');
            return brace <= 0 ? this : new Arguments(first.substring(0, brace),
                    (first.substring(brace) + " " + rest).strip());
        }
    }
}
