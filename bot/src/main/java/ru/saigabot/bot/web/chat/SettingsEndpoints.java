package ru.saigabot.bot.web.chat;

import static ru.saigabot.bot.web.chat.ConversationEndpoints.body;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.store.PrivacyStore;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.SessionStore;
import ru.saigabot.bot.web.session.WebSession;

/**
 * The web user's system prompt and sampling settings (as /system and /params set them in Telegram), and /forget.
 * New conversations start with the system prompt saved here.
 */
public final class SettingsEndpoints implements WebRoutes {
    private static final Logger log = LoggerFactory.getLogger(SettingsEndpoints.class);

    private final WebChatParts parts;

    public SettingsEndpoints(WebChatParts parts) {
        this.parts = parts;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/web/api/settings", this::read);
        routes.post("/web/api/settings", this::save);
        routes.post("/web/api/forget", this::forget);
    }

    private void read(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        ChatSettings settings = parts.database().query(connection -> parts.settings().get(connection,
                session.chatId()));
        WebServer.json(ctx, parts.json(), shown(settings));
    }

    private Map<String, Object> shown(ChatSettings settings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("system_prompt", settings.newConversationPrompt());
        body.put("default_system_prompt", ChatSettings.DEFAULT_SYSTEM_PROMPT);
        body.put("temperature", settings.temperature());
        body.put("top_p", settings.topP());
        body.put("max_tokens", settings.maxTokens());
        return body;
    }

    /** Saves what the body names; a field sent as null goes back to the default. */
    private void save(Context ctx) throws IOException {
        WebSession session = WebServer.session(ctx);
        JsonNode body = body(ctx, parts);
        ChatSettings saved = parts.database().transact(tx -> {
            ChatSettings settings = parts.settings().get(tx.connection(), session.chatId());
            try {
                if (body.has("system_prompt")) {
                    String prompt = body.get("system_prompt").isNull() ? null : body.get("system_prompt").asText();
                    settings = settings.withSystemPrompt(prompt == null || prompt.isBlank()
                            || prompt.equals(ChatSettings.DEFAULT_SYSTEM_PROMPT) ? null : prompt);
                }
                if (body.has("temperature")) {
                    settings = settings.withTemperature(number(body.get("temperature")));
                }
                if (body.has("top_p")) {
                    settings = settings.withTopP(number(body.get("top_p")));
                }
                if (body.has("max_tokens")) {
                    Double tokens = number(body.get("max_tokens"));
                    settings = settings.withMaxTokens(tokens == null ? null : tokens.intValue());
                }
            } catch (IllegalArgumentException e) {
                throw WebError.badRequest("Not saved: " + e.getMessage() + ".");
            }
            parts.settings().save(tx, session.chatId(), settings);
            return settings;
        });
        WebServer.json(ctx, parts.json(), shown(saved));
    }

    private static Double number(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("settings are numbers; got " + value);
        }
        return value.asDouble();
    }

    /** Deletes every conversation, message and vote of the web user; the session stays, as a Telegram chat does. */
    private void forget(Context ctx) {
        WebSession session = WebServer.session(ctx);
        PrivacyStore.Removed removed = parts.database().transact(tx -> {
            PrivacyStore.Removed done = parts.privacy().forgetUser(tx, session.userId());
            SessionStore.storeIdentity(tx.connection(), session.webUserId());
            tx.afterCommit(() -> parts.answers().forgetChat(session.chatId()));
            return done;
        });
        log.info("web user data deleted on request: web_user_id={} messages={} conversations={}",
                session.webUserId(), removed.messages(), removed.conversationIds().size());
        ctx.status(HttpStatus.NO_CONTENT);
    }
}
