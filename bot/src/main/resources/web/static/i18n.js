// The page's words in Russian and English, chosen by the browser's language.
const TEXTS = {
  ru: {
    signin: 'Чтобы пользоваться чатом, откройте ссылку-приглашение. Её делает оператор бота командой:',
    new: '＋ Новый разговор', settings: 'Настройки', systemPrompt: 'Системный промпт',
    temperature: 'Температура', topP: 'top_p', maxTokens: 'Длина ответа (токенов)', save: 'Сохранить',
    saved: 'Сохранено. Новый системный промпт действует в новых разговорах.',
    forget: 'Удалить все мои данные', forgetConfirm: 'Удалить все ваши разговоры и оценки? Это нельзя отменить.',
    forgotten: 'Все ваши разговоры удалены.', dashboard: 'Панель оператора',
    send: 'Отправить', stop: 'Стоп', menu: 'Меню', untitled: 'Без названия', empty: 'Спросите что-нибудь.',
    up: 'Хороший ответ', down: 'Плохой ответ', regenerate: 'Ответить заново', edit: 'Исправить вопрос',
    editSend: 'Отправить заново', cancel: 'Отмена', reasoning: 'Рассуждение', waiting: 'В очереди…',
    cut: 'Ответ остановлен.', failed: 'Не удалось ответить. Попробуйте ещё раз.',
    busy: 'Модель сейчас занята. Попробуйте через несколько секунд.',
    tooLong: 'Разговор не помещается в контекст модели. Начните новый разговор.',
    restarting: 'Бот перезапускается; ответ придёт после перезапуска.',
    unauthorized: 'Сессия закончилась. Откройте новую ссылку-приглашение.',
    network: 'Нет связи с сервером. Проверьте соединение и попробуйте ещё раз.',
    arena: '⚔ Арена', arenaHint: 'На следующий вопрос ответят два варианта; выберите лучший, он продолжит беседу.',
    answerA: 'Ответ A', answerB: 'Ответ B', arenaQuestion: 'Какой ответ лучше?', arenaA: 'A лучше',
    arenaB: 'B лучше', arenaTie: 'Одинаково', arenaBothBad: 'Оба плохие', arenaSkip: 'Пропустить ⏭',
    arenaVoted: 'Спасибо! Голос учтён.', arenaSkipped: 'Задание пропущено.',
    arenaContinues: 'Выбранный ответ продолжит беседу.',
    arenaNoPair: 'Сравнивать нечего: один из ответов не написан. Задайте вопрос ещё раз.',
    annotate: '🧪 Разметка', annotateTitle: 'Разметка: какой ответ лучше', annotateTask: 'Задание',
    arenaNoTasks: '✅ Заданий пока нет: вы ответили на все доступные. Загляните позже.',
  },
  en: {
    signin: 'To use the chat, open an invite link. The bot\'s operator makes one with:',
    new: '＋ New conversation', settings: 'Settings', systemPrompt: 'System prompt',
    temperature: 'Temperature', topP: 'top_p', maxTokens: 'Answer length (tokens)', save: 'Save',
    saved: 'Saved. A new system prompt applies to new conversations.',
    forget: 'Delete all my data', forgetConfirm: 'Delete all your conversations and votes? This cannot be undone.',
    forgotten: 'All your conversations were deleted.', dashboard: 'Operator dashboard',
    send: 'Send', stop: 'Stop', menu: 'Menu', untitled: 'Untitled', empty: 'Ask anything.',
    up: 'Good answer', down: 'Bad answer', regenerate: 'Answer again', edit: 'Edit question',
    editSend: 'Send again', cancel: 'Cancel', reasoning: 'Reasoning', waiting: 'Waiting in the queue…',
    cut: 'The answer was stopped.', failed: 'The answer failed. Try again.',
    busy: 'The model is busy. Try again in a few seconds.',
    tooLong: 'The conversation no longer fits the model\'s context. Start a new conversation.',
    restarting: 'The bot is restarting; the answer comes after the restart.',
    unauthorized: 'The session has ended. Open a new invite link.',
    network: 'The server cannot be reached. Check the connection and try again.',
    arena: '⚔ Arena', arenaHint: 'Your next question gets two answers; pick the better one, it continues the '
        + 'conversation.',
    answerA: 'Answer A', answerB: 'Answer B', arenaQuestion: 'Which answer is better?', arenaA: 'A is better',
    arenaB: 'B is better', arenaTie: 'Equal', arenaBothBad: 'Both bad', arenaSkip: 'Skip ⏭',
    arenaVoted: 'Thanks! Your vote is counted.', arenaSkipped: 'Task skipped.',
    arenaContinues: 'The chosen answer continues the conversation.',
    arenaNoPair: 'There is nothing to compare: one of the answers was not written. Ask the question again.',
    annotate: '🧪 Annotate', annotateTitle: 'Annotation: which answer is better', annotateTask: 'Task',
    arenaNoTasks: '✅ No tasks for now: you have answered all there are. Come back later.',
  },
};

export const language = (navigator.language || 'ru').toLowerCase().startsWith('ru') ? 'ru' : 'en';

export function t(key) {
  return TEXTS[language][key] ?? key;
}

/** Fills every element that names its text (data-text) or its label (data-label). */
export function translate(root) {
  document.documentElement.lang = language;
  for (const element of root.querySelectorAll('[data-text]')) {
    element.textContent = t(element.dataset.text);
  }
  for (const element of root.querySelectorAll('[data-label]')) {
    element.setAttribute('aria-label', t(element.dataset.label));
    element.title = t(element.dataset.label);
  }
}
