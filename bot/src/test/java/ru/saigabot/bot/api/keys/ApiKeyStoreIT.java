package ru.saigabot.bot.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;

/** API keys on the real schema: what is stored of a key, who it authenticates, and that revoking is immediate. */
@ExtendWith(FreshDatabase.class)
class ApiKeyStoreIT {

    @Test
    void aKeyIsPrintedOnceAndOnlyItsHashAndPrefixAreStored(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore store = new ApiKeyStore(database);
            ApiKeyStore.Created created = store.add("crm", 30);

            assertThat(created.key()).startsWith("sk-saiga-").hasSize(9 + 43).matches("sk-saiga-[A-Za-z0-9_-]{43}");
            assertThat(created.apiKey().prefix()).isEqualTo(created.key().substring(0, 12));
            assertThat(created.apiKey().requestsPerMinute()).isEqualTo(30);
            assertThat(created.apiKey().active()).isTrue();
            assertThat(created.apiKey().lastUsedAt()).isNull();
            assertThat(created.toString()).doesNotContain(created.key());
            Sql sql = new Sql(db);
            assertThat(sql.strings("SELECT key_hash FROM api_key")).containsExactly(ApiKeyStore.sha256(created.key()));
            assertThat(sql.strings("SELECT key_hash FROM api_key").get(0)).matches("[0-9a-f]{64}");
            assertThat(sql.strings("SELECT row_to_json(k)::text FROM api_key k").get(0))
                    .doesNotContain(created.key().substring(12));
            assertThat(store.add("other", null).key()).as("every key is new").isNotEqualTo(created.key());
        }
    }

    @Test
    void authenticatesActiveKeysByTheWholeKeyAndRecordsUseAtMostOnceAMinute(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore store = new ApiKeyStore(database);
            ApiKeyStore.Created created = store.add("bot-1", null);
            Sql sql = new Sql(db);

            ApiKey first = store.authenticate(created.key()).orElseThrow();
            assertThat(first.id()).isEqualTo(created.apiKey().id());
            assertThat(first.requestsPerMinute()).isNull();
            assertThat(first.lastUsedAt()).isNotNull();
            assertThat(store.authenticate(created.key()).orElseThrow().lastUsedAt())
                    .as("within the minute the row is not written again").isEqualTo(first.lastUsedAt());

            sql.rows("UPDATE api_key SET last_used_at = now() - interval '2 minutes' RETURNING id");
            ApiKey later = store.authenticate(created.key()).orElseThrow();
            assertThat(later.lastUsedAt()).as("over a minute old: written again").isAfterOrEqualTo(first.lastUsedAt());
            assertThat(sql.number("SELECT count(*) FROM api_key WHERE last_used_at > now() - interval '1 minute'"))
                    .isEqualTo(1);

            assertThat(store.authenticate(created.key() + "x")).isEmpty();
            assertThat(store.authenticate(created.key().substring(0, 51))).isEmpty();
            assertThat(store.authenticate(created.apiKey().prefix())).isEmpty();
            assertThat(store.authenticate(ApiKeyStore.sha256(created.key()))).as("the stored hash is no key").isEmpty();
            assertThat(store.authenticate("")).isEmpty();
            assertThat(store.authenticate(null)).isEmpty();
        }
    }

    @Test
    void aRevokedKeyStopsAtOnceEvenForAnotherStoreThatJustUsedIt(DatabaseUrl db) throws Exception {
        try (Database apiProcess = Database.open(db.jdbcUrl(), 2);
             Database cliProcess = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore api = new ApiKeyStore(apiProcess);
            ApiKeyStore cli = new ApiKeyStore(cliProcess);
            ApiKeyStore.Created kept = cli.add("kept", null);
            ApiKeyStore.Created revoked = cli.add("leaked", 5);
            assertThat(api.authenticate(revoked.key())).isPresent();

            assertThat(cli.revoke("leaked")).isTrue();

            assertThat(api.authenticate(revoked.key())).isEmpty();
            assertThat(api.authenticate(kept.key())).as("other keys still work").isPresent();
            assertThat(cli.revoke("leaked")).as("already revoked").isFalse();
            assertThat(cli.revoke("never-made")).isFalse();
        }
    }

    @Test
    void namesAreUniqueValidAndNotReusedAfterARevoke(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore store = new ApiKeyStore(database);
            store.add("crm", null);

            assertThatThrownBy(() -> store.add("crm", 10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an API key named crm exists; revoke it or choose another name");
            store.revoke("crm");
            assertThatThrownBy(() -> store.add("crm", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("an API key named crm was revoked at ")
                    .hasMessageEndingWith("choose another name");
            assertThatThrownBy(() -> store.add("two words", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'two words' is invalid");
            assertThatThrownBy(() -> store.add("x".repeat(65), null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.add("zero", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1");
            assertThat(new Sql(db).number("SELECT count(*) FROM api_key")).as("nothing refused was stored")
                    .isEqualTo(1);
        }
    }

    @Test
    void listsEveryKeyOldestFirstWithItsState(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore store = new ApiKeyStore(database);
            assertThat(store.list()).isEmpty();
            ApiKeyStore.Created a = store.add("a", 60);
            store.add("b", null);
            store.add("c", 1);
            store.revoke("b");
            store.authenticate(a.key());

            List<ApiKey> keys = store.list();
            assertThat(keys).extracting(ApiKey::name).containsExactly("a", "b", "c");
            assertThat(keys).extracting(ApiKey::requestsPerMinute).containsExactly(60, null, 1);
            assertThat(keys).extracting(ApiKey::active).containsExactly(true, false, true);
            assertThat(keys.get(0).lastUsedAt()).isNotNull();
            assertThat(keys.get(1).revokedAt()).isAfterOrEqualTo(keys.get(1).createdAt());
            assertThat(keys.get(2).lastUsedAt()).isNull();
            assertThat(keys).extracting(ApiKey::prefix).allMatch(prefix -> prefix.startsWith("sk-saiga-")
                    && prefix.length() == 12);
        }
    }

    @Test
    void aKeysUserAndChatAreStoredOnceUnderItsName(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            ApiKeyStore store = new ApiKeyStore(database);
            ApiKey key = store.add("support-bot", null).apiKey();
            ApiKey other = store.add("other", null).apiKey();

            for (int i = 0; i < 2; i++) {
                database.inTransaction(tx -> {
                    store.ensureIdentity(tx, key);
                    return null;
                });
            }
            database.inTransaction(tx -> {
                store.ensureIdentity(tx, other);
                return null;
            });

            Sql sql = new Sql(db);
            assertThat(sql.rows("SELECT id, first_name FROM tg_user ORDER BY id DESC"))
                    .containsExactly(List.of(key.userId(), "support-bot"), List.of(other.userId(), "other"));
            assertThat(sql.rows("SELECT id, kind, title, active FROM chat ORDER BY id DESC"))
                    .containsExactly(List.of(key.chatId(), "api", "support-bot", true),
                            List.of(other.chatId(), "api", "other", true));
            // A conversation can live in the key's chat, as the API will store them.
            sql.rows("INSERT INTO conversation (chat_id, system_prompt) VALUES (?, '') RETURNING id", key.chatId());
        }
    }
}
