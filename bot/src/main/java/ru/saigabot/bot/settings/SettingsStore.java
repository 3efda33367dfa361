package ru.saigabot.bot.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.StoreException;
import ru.saigabot.bot.store.Tx;

/** A chat's settings: read through the cache on every message, written through after commit. */
public final class SettingsStore {
    private final ChatStore chats;
    private final ConversationCache cache;
    private final ObjectMapper json;

    public SettingsStore(ChatStore chats, ConversationCache cache, ObjectMapper json) {
        this.chats = chats;
        this.cache = cache;
        this.json = json;
    }

    public ChatSettings get(Connection connection, long chatId) {
        return cache.settings(chatId, id -> load(connection, id));
    }

    /** Stores new settings in the update's transaction; the cache sees them once it commits. */
    public void save(Tx tx, long chatId, ChatSettings settings) throws SQLException {
        try {
            chats.saveSettingsJson(tx.connection(), chatId, json.writeValueAsString(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat settings cannot be serialised", e);
        }
        tx.afterCommit(() -> cache.settingsStored(chatId, settings));
    }

    private ChatSettings load(Connection connection, long chatId) {
        String stored;
        try {
            stored = chats.settingsJson(connection, chatId);
        } catch (SQLException e) {
            throw new StoreException("cannot read the settings of chat " + chatId + ": " + e.getMessage(), e);
        }
        try {
            return json.readValue(stored, ChatSettings.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // A value an older version allowed: fall back to the defaults rather than refuse to answer.
            org.slf4j.LoggerFactory.getLogger(SettingsStore.class)
                    .warn("chat settings unreadable, using defaults: chat_id={} error={}", chatId, e.getMessage());
            return ChatSettings.DEFAULTS;
        }
    }
}
