package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.DocumentCallback;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.documents.ChatDocument;
import ru.saigabot.bot.documents.DocumentIndexer;
import ru.saigabot.bot.documents.DocumentStore;
import ru.saigabot.bot.documents.NewDocument;
import ru.saigabot.bot.documents.read.DocumentFormat;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.Phrase;

/**
 * Files sent to the bot and /docs. A file of a type the bot reads is queued in the update's transaction and read by
 * the {@link DocumentIndexer} once it commits; one it cannot read, or one too big, is refused at once. In groups only
 * where the group's admins allowed files (/docs allow): elsewhere files in a group are none of the bot's business.
 */
public final class DocumentsHandler {
    private final Replies replies;
    private final DocumentStore documents;
    private final DocumentIndexer indexer;
    private final GroupAdmins admins;
    private final long maxBytes;

    public DocumentsHandler(Replies replies, DocumentStore documents, DocumentIndexer indexer, GroupAdmins admins,
                            long maxBytes) {
        this.replies = replies;
        this.documents = documents;
        this.indexer = indexer;
        this.admins = admins;
        this.maxBytes = maxBytes;
    }

    public void register(RouteTable routes) {
        routes.add(new Route<>("document", Route.Stage.MESSAGE, update -> RouteTable.messageFromPerson(update)
                        .filter(Message::hasDocument), this::received))
                .command("docs", Set.of("docs"), this::docs)
                .callback("docs-change", DocumentCallback::unpack, this::change);
    }

    private void received(UpdateContext context, Message message) throws SQLException {
        String language = context.language();
        boolean group = !message.getChat().isUserChat();
        if (group && !documents.filesAllowed(context.connection(), message.getChatId())) {
            return; // a file shared among members, not sent to the bot
        }
        if (!context.access().served()) {
            replies.to(context, message, Phrase.NOT_ALLOWED.in(language));
            return;
        }
        Document file = message.getDocument();
        String name = file.getFileName() == null || file.getFileName().isBlank() ? "file" : file.getFileName();
        if (DocumentFormat.byFileName(name).isEmpty() && DocumentFormat.byMimeType(file.getMimeType()).isEmpty()) {
            replies.to(context, message, Phrase.DOC_REFUSED_UNSUPPORTED_TYPE.in(language, name));
            return;
        }
        if (file.getFileSize() != null && file.getFileSize() > maxBytes) {
            replies.to(context, message, Phrase.DOC_REFUSED_TOO_BIG.in(language, name, megabytes(maxBytes)));
            return;
        }
        long id = documents.queue(context.connection(), new NewDocument(message.getChatId(), context.authorId(), name,
                file.getFileId(), message.getMessageId().longValue(), file.getMimeType(),
                file.getFileSize() == null ? 0 : file.getFileSize(), language));
        context.afterCommit(() -> indexer.submit(id));
    }

    private void docs(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        long chatId = message.getChatId();
        String argument = command.arguments().strip().toLowerCase(Locale.ROOT);
        boolean group = !message.getChat().isUserChat();
        switch (argument) {
            case "" -> list(context, message, group);
            case "on", "off" -> {
                if (!admins.mayChangeSettings(message)) {
                    replies.to(context, message, Phrase.DOCS_ADMINS_ONLY.in(language));
                    return;
                }
                documents.setDocumentsOn(context.connection(), chatId, argument.equals("on"));
                replies.to(context, message, (argument.equals("on") ? Phrase.DOCS_ON : Phrase.DOCS_OFF).in(language));
            }
            case "allow", "deny" -> {
                if (!group || !admins.mayChangeSettings(message)) {
                    replies.to(context, message, (group ? Phrase.DOCS_ADMINS_ONLY : Phrase.DOCS_USAGE).in(language));
                    return;
                }
                documents.setFilesAllowed(context.connection(), chatId, argument.equals("allow"));
                replies.to(context, message,
                        (argument.equals("allow") ? Phrase.DOCS_ALLOWED : Phrase.DOCS_DENIED).in(language));
            }
            default -> replies.to(context, message, Phrase.DOCS_USAGE.in(language));
        }
    }

    private void list(UpdateContext context, Message message, boolean group) throws SQLException {
        String language = context.language();
        List<ChatDocument> ready = documents.list(context.connection(), message.getChatId()).stream()
                .filter(ChatDocument::ready).toList();
        if (ready.isEmpty()) {
            replies.to(context, message, (group ? Phrase.DOCS_EMPTY_GROUP : Phrase.DOCS_EMPTY).in(language));
            return;
        }
        boolean on = documents.documentsOn(context.connection(), message.getChatId());
        replies.to(context, message, Phrase.DOCS_LIST.in(language, ready.size(),
                (on ? Phrase.DOCS_LIST_ON : Phrase.DOCS_LIST_OFF).in(language)), Keyboards.documents(ready));
    }

    private void change(UpdateContext context, DocumentCallback pressed) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = context.language();
        if (query.getMessage() == null) {
            return; // too old for Telegram to say which chat
        }
        long chatId = query.getMessage().getChatId();
        if (!admins.mayChangeSettings(chatId, query.getMessage().getChat().isUserChat(), query.getFrom().getId())) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.DOCS_ADMINS_ONLY.in(language)));
            return;
        }
        Optional<ChatDocument> document = documents.find(context.connection(), chatId, pressed.documentId());
        if (document.isEmpty()) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.DOCS_NOT_FOUND.in(language)));
            return;
        }
        String name = document.get().fileName();
        String answer = switch (pressed.action()) {
            case ON -> {
                documents.setActive(context.connection(), chatId, pressed.documentId(), true);
                yield Phrase.DOCS_SWITCHED_ON.in(language, name);
            }
            case OFF -> {
                documents.setActive(context.connection(), chatId, pressed.documentId(), false);
                yield Phrase.DOCS_SWITCHED_OFF.in(language, name);
            }
            case DELETE -> {
                documents.delete(context.connection(), chatId, pressed.documentId());
                yield Phrase.DOCS_DELETED.in(language, name);
            }
        };
        List<ChatDocument> ready = documents.list(context.connection(), chatId).stream()
                .filter(ChatDocument::ready).toList();
        EditMessageReplyMarkup menu = EditMessageReplyMarkup.builder().chatId(chatId)
                .messageId(query.getMessage().getMessageId()).replyMarkup(Keyboards.documents(ready)).build();
        context.afterCommit(() -> {
            replies.acknowledge(query, answer);
            replies.edit(chatId, menu);
        });
    }

    static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }
}
