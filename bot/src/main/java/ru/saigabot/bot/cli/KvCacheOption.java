package ru.saigabot.bot.cli;

import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.llama.KvCacheType;

/** {@code --kv-cache-type}, read the same way by every command that loads a model. */
final class KvCacheOption {
    private KvCacheOption() {
    }

    static KvCacheType parse(String value) {
        try {
            return KvCacheType.parse(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--kv-cache-type (SAIGA_KV_CACHE_TYPE): " + e.getMessage());
        }
    }
}
