package ru.saigabot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.split.EstimatedTokens;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** The documents search against PostgreSQL: word forms, rare words first, Latin codes, misspellings, small talk. */
@ExtendWith(FreshDatabase.class)
class PassageSearchIT {
    private static final long CHAT = 501;
    private static final long OTHER_CHAT = 502;

    private final DocumentStore store = new DocumentStore();
    private final PassageSearch search = new PassageSearch();

    /** Passages of a paragraph each: a splitter aiming at 30 tokens ends one at every paragraph's end. */
    private static final PassageSplitter PARAGRAPHS = new PassageSplitter(new EstimatedTokens(), 30, 200, 0);

    private static final String NOTES = """
            Чтобы настроить печать, откройте меню «Файл», выберите пункт «Печать» и укажите принтер. Программа \
            запомнит выбранный принтер для следующих документов.

            Резервную копию программа делает каждую ночь. Архивация занимает около десяти минут, и в это время \
            программа работает медленнее обычного.

            Если программа пишет ошибку E1234, значит, лицензионный ключ устарел. Обновите ключ в настройках \
            программы, раздел «Лицензия».

            Цвет интерфейса программы меняется в настройках: тёмная тема бережёт глаза вечером, светлая удобнее днём.

            Дела в отделе ведёт секретарь программы: он хранит входящие письма и ставит на них отметки.
            """;

    private long add(Database database, long chat, String name, String text) throws Exception {
        long id = database.inTransaction(tx -> {
            store.ensureChat(tx, chat);
            return store.queue(tx, new NewDocument(chat, null, name, null, null, null, text.length(), "ru"));
        });
        DocumentIngest ingest = new DocumentIngest(database, store, new DocumentReader(), PARAGRAPHS);
        Ingested ingested = ingest.ingest(chat, id, name, "text/plain", text.getBytes(StandardCharsets.UTF_8));
        assertThat(ingested.outcome()).isEqualTo(Ingested.Outcome.READ);
        return id;
    }

    private SearchResult ask(Database database, long chat, String question, boolean typos) {
        return database.query(c -> search.search(c, chat, question, new PassageSearch.Options(4, typos)));
    }

    private static String best(SearchResult result) {
        assertThat(result.passages()).as("passages for %s", result.terms()).isNotEmpty();
        return result.passages().get(0).text();
    }

    @Test
    void findsThePassageThatAnswersInOtherWordForms(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            add(database, CHAT, "notes.txt", NOTES);
            assertThat(best(ask(database, CHAT, "как настроить принтер для печати?", false))).contains("укажите принтер");
            assertThat(best(ask(database, CHAT, "Когда делается резервное копирование?", false)))
                    .contains("каждую ночь");
            // "программа" is in every passage: it weighs little, "тёмная" (as "темную") decides.
            assertThat(best(ask(database, CHAT, "как в программе включить темную тему", false)))
                    .contains("тёмная тема");
        }
    }

    @Test
    void findsLatinCodesAsWritten(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            add(database, CHAT, "notes.txt", NOTES);
            SearchResult result = ask(database, CHAT, "что значит E1234?", false);
            assertThat(best(result)).contains("лицензионный ключ");
            assertThat(result.terms()).contains("e1234");
        }
    }

    @Test
    void aMisspeltWordIsFoundThroughTheDocumentsWordsOnlyWithTrigrams(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            add(database, CHAT, "notes.txt", NOTES);
            assertThat(ask(database, CHAT, "сколько длится орхивация?", false).passages())
                    .as("full-text search alone does not know the misspelt word").isEmpty();
            SearchResult corrected = ask(database, CHAT, "сколько длится орхивация?", true);
            assertThat(corrected.corrections()).containsExactly("архивация");
            assertThat(best(corrected)).contains("Архивация занимает");
        }
    }

    @Test
    void smallTalkIsNotAnsweredFromTheDocuments(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            add(database, CHAT, "notes.txt", NOTES);
            assertThat(ask(database, CHAT, "Привет! Как дела?", true).passages()).isEmpty();
            assertThat(ask(database, CHAT, "расскажи анекдот про космонавтов", true).passages()).isEmpty();
        }
    }

    @Test
    void onlyTheChatsActiveDocumentsAreSearched(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            long notes = add(database, CHAT, "notes.txt", NOTES);
            add(database, OTHER_CHAT, "other.txt", "Принтер настраивают в разделе «Оборудование» панели управления.");
            assertThat(ask(database, CHAT, "как настроить принтер", false).passages())
                    .extracting(FoundPassage::fileName).containsOnly("notes.txt");
            database.inTransaction(tx -> store.setActive(tx, CHAT, notes, false));
            assertThat(ask(database, CHAT, "как настроить принтер", false).passages()).isEmpty();
            boolean searchable = database.query(c -> store.searchable(c, CHAT));
            assertThat(searchable).isFalse();
        }
    }

    @Test
    void theSnippetMarksTheMatchedWordsInTheOriginalLetters(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            add(database, CHAT, "notes.txt", NOTES);
            FoundPassage found = ask(database, CHAT, "архивация", false).passages().get(0);
            assertThat(found.snippet()).contains(FoundPassage.MARK_START + "Архивация" + FoundPassage.MARK_END);
            assertThat(found.fileName()).isEqualTo("notes.txt");
        }
    }

    @Test
    void theSameFileTwiceIsKeptOnce(DatabaseUrl db) throws Exception {
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            add(database, CHAT, "notes.txt", NOTES);
            long again = database.inTransaction(tx -> store.queue(tx,
                    new NewDocument(CHAT, null, "copy.txt", null, null, null, NOTES.length(), "ru")));
            Ingested second = new DocumentIngest(database, store, new DocumentReader(), PARAGRAPHS)
                    .ingest(CHAT, again, "copy.txt", null, NOTES.getBytes(StandardCharsets.UTF_8));
            assertThat(second.outcome()).isEqualTo(Ingested.Outcome.ALREADY_THERE);
            assertThat(second.document().fileName()).isEqualTo("notes.txt");
            List<ChatDocument> documents = database.query(c -> store.list(c, CHAT));
            assertThat(documents).extracting(ChatDocument::fileName).containsExactly("notes.txt");
        }
    }
}
