package ru.saigabot.bot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.PrivacyStore;

/** The repositories that share the conversation cache: each updates the cached copy of its own data. */
record Stores(ChatStore chats, MessageStore messages, SettingsStore settings, GenerationRepository generations,
              GenerationQueries queries, PrivacyStore privacy, LiveBattleStore battles) {

    static Stores over(ConversationCache cache, ObjectMapper json) {
        ChatStore chats = new ChatStore(cache);
        LiveBattleStore battles = new LiveBattleStore(cache);
        return new Stores(chats, new MessageStore(cache), new SettingsStore(chats, cache, json),
                new GenerationRepository(cache, battles), new GenerationQueries(), new PrivacyStore(cache), battles);
    }
}
