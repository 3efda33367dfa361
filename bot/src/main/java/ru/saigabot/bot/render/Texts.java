package ru.saigabot.bot.render;

/** What the bot says, in Russian first and in English for users whose Telegram is in English. */
public final class Texts {
    /** Saiga's own default system prompt, as its model cards give it. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            "Ты — Сайга, русскоязычный автоматический ассистент. Ты разговариваешь с людьми и помогаешь им.";

    private static final Texts RUSSIAN = new Texts(
            "Привет! Я Сайга — русскоязычный ассистент на открытой модели, работающей на этом сервере.\n\n"
                    + "Просто напишите вопрос или задачу — я отвечу и буду помнить нашу беседу. "
                    + "Под каждым ответом есть 👍 и 👎: оценки помогают сделать модель лучше.\n\n"
                    + "/new — новая беседа, /chats — прежние беседы, /help — все команды.",
            "⏳ Думаю…",
            "⏳ Вы %d-й в очереди…",
            "Спасибо за оценку!",
            "Оценка изменена.",
            "Вы уже так оценили этот ответ.",
            "Этот ответ нельзя оценить.",
            "⚠️ Модель не дала ответа. Попробуйте переформулировать вопрос.",
            "⚠️ Что-то пошло не так при обработке сообщения. Попробуйте ещё раз чуть позже.",
            "⏳ Бот перезапускается — ответ придёт сразу после запуска.",
            "Пока я понимаю только текст. Напишите вопрос словами.",
            "начать и узнать, что я умею",
            "помощь",
            "удалить всё, что бот хранит обо мне",
            "Удалить всё, что я храню о вас: ваши беседы, оценки и настройки? Это нельзя отменить.",
            "🗑 Удалить всё",
            "Отмена",
            "Готово: всё, что было сохранено о вас, удалено.",
            "Ничего не удалено.",
            "Эту команду нужно отправить мне в личные сообщения.",
            "⚠️ Сообщение слишком длинное для модели: в нём около %d токенов, а помещается %d. "
                    + "Сократите его или разбейте на части.",
            "⚠️ Модель сейчас занята: слишком много запросов в очереди. Попробуйте через минуту.",
            "⚠️ Не получилось ответить из-за ошибки на сервере. Попробуйте ещё раз чуть позже.");

    private static final Texts ENGLISH = new Texts(
            "Hi! I am Saiga, a Russian-first assistant running an open model on this server.\n\n"
                    + "Just write a question or a task: I will answer and remember our conversation. "
                    + "Every answer has 👍 and 👎 under it: your votes help make the model better.\n\n"
                    + "/new starts a new conversation, /chats lists earlier ones, /help shows every command.",
            "⏳ Thinking…",
            "⏳ You are number %d in line…",
            "Thanks for the feedback!",
            "Vote changed.",
            "You already voted this way.",
            "This answer cannot be rated.",
            "⚠️ The model gave no answer. Try rephrasing the question.",
            "⚠️ Something went wrong while handling your message. Please try again a bit later.",
            "⏳ The bot is restarting; the answer will come right after it is back.",
            "For now I understand text only. Please write your question in words.",
            "start and see what I can do",
            "help",
            "delete everything the bot stores about me",
            "Delete everything I store about you: your conversations, votes and settings? This cannot be undone.",
            "🗑 Delete everything",
            "Cancel",
            "Done: everything stored about you has been deleted.",
            "Nothing was deleted.",
            "Please send this command to me in a private chat.",
            "⚠️ The message is too long for the model: it has about %d tokens, and %d fit. "
                    + "Please shorten it or split it into parts.",
            "⚠️ The model is busy: too many requests are waiting. Please try again in a minute.",
            "⚠️ Could not answer because of a server error. Please try again a bit later.");

    public final String welcome;
    public final String thinking;
    public final String queuePosition;
    public final String voteRecorded;
    public final String voteChanged;
    public final String voteUnchanged;
    public final String voteNotFound;
    public final String emptyAnswer;
    public final String updateFailed;
    public final String restarting;
    public final String textOnly;
    public final String startDescription;
    public final String helpDescription;
    public final String forgetDescription;
    public final String forgetConfirm;
    public final String forgetButton;
    public final String cancelButton;
    public final String forgetDone;
    public final String forgetCancelled;
    public final String privateOnly;
    public final String messageTooLong;
    public final String modelBusy;
    public final String generationError;

    private Texts(String welcome, String thinking, String queuePosition, String voteRecorded, String voteChanged,
                  String voteUnchanged, String voteNotFound, String emptyAnswer,
                  String updateFailed, String restarting, String textOnly, String startDescription,
                  String helpDescription, String forgetDescription, String forgetConfirm, String forgetButton,
                  String cancelButton, String forgetDone, String forgetCancelled, String privateOnly,
                  String messageTooLong, String modelBusy, String generationError) {
        this.welcome = welcome;
        this.thinking = thinking;
        this.queuePosition = queuePosition;
        this.voteRecorded = voteRecorded;
        this.voteChanged = voteChanged;
        this.voteUnchanged = voteUnchanged;
        this.voteNotFound = voteNotFound;
        this.emptyAnswer = emptyAnswer;
        this.updateFailed = updateFailed;
        this.restarting = restarting;
        this.textOnly = textOnly;
        this.startDescription = startDescription;
        this.helpDescription = helpDescription;
        this.forgetDescription = forgetDescription;
        this.forgetConfirm = forgetConfirm;
        this.forgetButton = forgetButton;
        this.cancelButton = cancelButton;
        this.forgetDone = forgetDone;
        this.forgetCancelled = forgetCancelled;
        this.privateOnly = privateOnly;
        this.messageTooLong = messageTooLong;
        this.modelBusy = modelBusy;
        this.generationError = generationError;
    }

    /** Russian unless the user's Telegram language is English. */
    public static Texts forLanguage(String languageCode) {
        return languageCode != null && languageCode.toLowerCase(java.util.Locale.ROOT).startsWith("en") ? ENGLISH : RUSSIAN;
    }

    public static Texts russian() {
        return RUSSIAN;
    }

    public static Texts english() {
        return ENGLISH;
    }
}
