package ru.saigabot.training.testing;

import javax.sql.DataSource;

/**
 * A small database with one example of everything the export handles: private and group chats,
 * regenerations, preference pairs of each source, ties, cut answers, short turns, near-duplicate
 * prompts, personal data and chat formats' control token strings in the texts, questions over documents (one
 * whose document was deleted since), an answer and a conversation an operator excluded from training. The golden
 * files in
 * {@code src/test/resources/golden} are its export with the default options.
 */
public final class Fixture {
    public static final String SYSTEM = "Ты — Сайга, русскоязычный автоматический ассистент.";
    public static final String GROUP_SYSTEM = "Ты — помощник в группе. Отвечай кратко.";

    private Fixture() {}

    public static void seed(DataSource dataSource) {
        Seed seed = new Seed(dataSource);
        long alice = seed.user(5001, "Алиса", "alice_ru");
        long bob = seed.user(5002, "Борис", "bob_b");
        long carol = seed.user(5003, "Карина", null);

        long aliceChat = seed.privateChat(alice);
        long c1 = seed.conversation(aliceChat, SYSTEM);
        long q1 = seed.ask(c1, alice, "Привет! Напиши хайку про осень.");
        long a1 = seed.answer(c1, q1, "Листья кружатся,\nветер уносит их вдаль —\nосень пришла к нам.");
        seed.vote(a1, alice, 1);
        long q2 = seed.ask(c1, alice, "Спасибо! А теперь про зиму, и пришли копию на alice.smirnova@example.com");
        long a2 = seed.answer(c1, q2, "Зима пришла, снег идёт, холодно стало.");
        seed.vote(a2, alice, -1);
        long a2b = seed.answer(c1, q2, "Белый снег лежит,\nтишина в пустом саду —\nзима, Алиса, спит.");
        seed.vote(a2b, alice, 1);
        seed.pair(q2, a2b, a2, "regenerate");

        long group = seed.groupChat(-1001234567890L, "Книжный клуб");
        long c2 = seed.conversation(group, GROUP_SYSTEM);
        long q3 = seed.ask(c2, alice, "Борис, ты знаешь телефон поддержки?");
        long q3b = seed.ask(c2, bob, "Знаю, но пусть бот скажет. Какой телефон у поддержки?");
        long a3 = seed.answer(c2, q3b, "Позвоните по номеру +7 (912) 345-67-89 или 8 800 555 35 35.");
        seed.vote(a3, alice, 1);
        seed.vote(a3, bob, 1);
        seed.vote(a3, carol, -1, "reaction");
        long q4 = seed.ask(c2, bob, "@alice_ru, а моя карта 4111 1111 1111 1111 — её можно сюда писать?");
        long a4 = seed.answer(c2, q4, "Нет, номера карт в чат лучше не писать.");
        seed.vote(a4, alice, 1);
        seed.vote(a4, bob, -1);

        long bobChat = seed.privateChat(bob);
        long c3 = seed.conversation(bobChat, SYSTEM);
        long q5 = seed.ask(c3, bob, "Объясни, что такое LoRA?");
        long a5 = seed.answer(c3, q5, "LoRA — это способ дообучать большую модель, меняя лишь небольшие добавочные матрицы.");
        seed.vote(a5, bob, 1);
        long a5cut = seed.answer(c3, q5, "LoRA (Low-Rank Adaptation) — это", "cut");
        seed.vote(a5cut, bob, -1);
        long q6 = seed.ask(c3, bob, "ок");
        long a6 = seed.answer(c3, q6, "Рад помочь!");
        seed.vote(a6, bob, 1);
        long q7 = seed.ask(c3, bob, "Сколько будет 2+2?");
        long a7 = seed.answer(c3, q7, "Будет 4.");
        seed.vote(a7, bob, 1);
        long a7b = seed.answer(c3, q7, "Трудно сказать: в разных системах счисления это разные записи, но обычно 4.");
        seed.vote(a7b, bob, -1);
        long q8 = seed.ask(c3, bob, "Напиши ссылку на бота: https://bots.example/bot123456789:AAHfakeFAKEfake0123456789abcdefghij/getMe");
        long a8 = seed.answer(c3, q8, "Это ссылка с токеном бота: не публикуйте её.");
        long a8b = seed.answer(c3, q8, "Вот ссылка. " + "Токены бота дают полный доступ к нему, поэтому ссылки с ними "
                + "нельзя показывать никому: ни в чатах, ни на форумах, ни в скриншотах, ни в письмах, ни в коде.");
        seed.pair(q8, a8b, a8, "edit");

        long carolChat = seed.privateChat(carol);
        long c4 = seed.conversation(carolChat, SYSTEM);
        long q9 = seed.ask(c4, carol, "объясни что такое LoRA");
        long a9 = seed.answer(c4, q9, "Это метод тонкой настройки нейросетей с малым числом параметров.");
        seed.vote(a9, carol, 1);
        long a9b = seed.answer(c4, q9, "Не знаю, это что-то из области нейросетей?");
        seed.pair(q9, a9, a9b, "arena");

        // Control token strings typed by a user (issue #16): exported as text, counted in the card.
        long c5 = seed.conversation(carolChat, SYSTEM);
        long q10 = seed.ask(c5, carol,
                "Что значит </s> в HTML? А <|eot_id|><|start_header_id|>system<|end_header_id|>?");
        long a10 = seed.answer(c5, q10,
                "Тег </s> закрывает зачёркнутый текст, а остальное — служебные токены Llama 3.");
        seed.vote(a10, carol, 1);

        // Questions over the chat's documents (#17): the prompt holds the passages the question was given, as the
        // model saw them; a question whose document was deleted since cannot be rebuilt and is skipped.
        long manual = seed.document(bobChat, "manual.pdf");
        long notes = seed.document(bobChat, "notes.md");
        long c6 = seed.conversation(bobChat, SYSTEM);
        long q11 = seed.ask(c6, bob, "Сколько длится гарантия на чайник?");
        seed.given(q11, seed.passage(manual, 1, 3, null, "Гарантия на чайник — 2 года. Сервис: (495) 123-45-67."),
                seed.passage(notes, 1, null, "Гарантия", "Чек сохранить до конца гарантии."));
        long a11 = seed.answer(c6, q11, "Гарантия длится два года [1]; сохраните чек [2].");
        seed.vote(a11, bob, 1);
        long leaflet = seed.document(bobChat, "leaflet.pdf");
        long c7 = seed.conversation(bobChat, SYSTEM);
        long q12 = seed.ask(c7, bob, "Что написано в листовке магазина?");
        seed.given(q12, seed.passage(leaflet, 1, 1, null, "Скидки до конца месяца."));
        long a12 = seed.answer(c7, q12, "Скидки до конца месяца [1].");
        seed.vote(a12, bob, 1);
        seed.deleteDocument(leaflet);

        // An operator's exclusions on the dashboard (#19): the excluded answer gives no record but stays in the history
        // of the next turn's; the excluded conversation gives none (and its personal data is not even scrubbed).
        long c8 = seed.conversation(carolChat, SYSTEM);
        long q13 = seed.ask(c8, carol, "Посоветуй фильм на вечер.");
        long a13 = seed.answer(c8, q13, "Посмотрите «Москва слезам не верит».");
        seed.vote(a13, carol, 1);
        seed.excludeAnswer(a13, "спорная рекомендация");
        long q14 = seed.ask(c8, carol, "А что-нибудь посвежее?");
        long a14 = seed.answer(c8, q14, "Тогда «Брат», он вышел позже.");
        seed.vote(a14, carol, 1);
        long c9 = seed.conversation(aliceChat, SYSTEM);
        long q15 = seed.ask(c9, alice, "Мой телефон 8 912 000 11 22, где рядом поесть?");
        long a15 = seed.answer(c9, q15, "Рядом есть кафе «Ромашка».");
        seed.vote(a15, alice, 1);
        seed.excludeConversation(c9, "личные данные пользователя");
    }
}
