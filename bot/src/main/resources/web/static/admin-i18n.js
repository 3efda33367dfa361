// The dashboard's words in Russian and English, in the browser's language as the chat chooses it.
import { language } from './i18n.js';

const TEXTS = {
  ru: {
    title: 'Saiga — панель оператора', day: 'День', hour: 'Час', days: 'Дней', hours: 'Часов', refresh: 'Обновить', chat: 'Чат',
    waitingNow: 'ждут в очереди', generatingNow: 'пишутся сейчас',
    activity: 'Сообщения и ответы по дням', messages: 'Сообщения пользователей', answers: 'Ответы',
    failed: 'Неудачные ответы',
    feedback: '👍 и 👎 по дням (по дню ответа)', upShare: 'Доля 👍', votes: 'Оценки', byModel: 'По моделям и адаптерам',
    model: 'Модель', adapter: 'Адаптер', noAdapter: '—',
    firstToken: 'Время до первого токена, с', tokensPerSecond: 'Скорость генерации, токенов/с',
    queueWait: 'Ожидание в очереди, с', queueLength: 'Длина очереди по часам',
    waitingAverage: 'Ждут (в среднем)', waitingPeak: 'Ждут (максимум)', generatingAverage: 'Пишутся (в среднем)',
    arena: 'Арена и разметка', source: 'Голоса', sourceAll: 'Все', sourceTask: 'Разметка (/annotate)',
    sourceLive: 'Арена в чатах (/arena)',
    summary: '{votes} голосов по {tasks} заданиям от {annotators} человек',
    excluded: '; {excluded} голосов не учтены (точность на контрольных заданиях ниже порога)',
    pairs: 'Пары: победы — ничьи — поражения', pairsNote: '«Оба плохие» считаются ничьей. Доля побед — среди решающих голосов, 95% интервал Уилсона.',
    wins: 'Победы', ties: 'Ничьи', losses: 'Поражения', winRate: 'Доля побед', agreement: 'Согласие',
    majority: 'большинство', kappa: 'κ Флейса', tasks: 'заданий', noVotes: 'Голосов пока нет.',
    ratings: 'Рейтинг Брэдли — Терри', variant: 'Вариант', rating: 'Рейтинг', interval: '95% интервал',
    annotators: 'Разметчики', annotator: 'Разметчик', controlVotes: 'Контрольных', accuracy: 'Точность',
    leftOut: 'Исключён', yes: 'да', no: 'нет',
    positionBias: 'Ответ, показанный первым («A»), выиграл {rate} решающих голосов (95% интервал {interval}).',
    p50: 'медиана', p95: '95-й процентиль',
    unauthorized: 'Сессия закончилась или это не сессия администратора. Откройте новую ссылку-приглашение.',
    network: 'Нет связи с сервером. Проверьте соединение и обновите страницу.', failedLoad: 'Не удалось загрузить',
  },
  en: {
    title: 'Saiga — operator dashboard', day: 'Day', hour: 'Hour', days: 'Days', hours: 'Hours', refresh: 'Refresh', chat: 'Chat',
    waitingNow: 'waiting in the queue', generatingNow: 'being written now',
    activity: 'Messages and answers per day', messages: 'Messages from users', answers: 'Answers',
    failed: 'Failed answers',
    feedback: '👍 and 👎 per day (by the answer\'s day)', upShare: '👍 share', votes: 'Votes', byModel: 'By model and adapter',
    model: 'Model', adapter: 'Adapter', noAdapter: '—',
    firstToken: 'Time to first token, s', tokensPerSecond: 'Generation speed, tokens/s',
    queueWait: 'Wait in the queue, s', queueLength: 'Queue length per hour',
    waitingAverage: 'Waiting (average)', waitingPeak: 'Waiting (peak)', generatingAverage: 'Being written (average)',
    arena: 'Arena and annotation', source: 'Votes', sourceAll: 'All', sourceTask: 'Annotation (/annotate)',
    sourceLive: 'Arena in chats (/arena)',
    summary: '{votes} votes on {tasks} tasks by {annotators} people',
    excluded: '; {excluded} votes left out (control accuracy below the threshold)',
    pairs: 'Pairs: wins — ties — losses', pairsNote: '"Both bad" counts as a tie. Win rate: among decisive votes, 95% Wilson interval.',
    wins: 'Wins', ties: 'Ties', losses: 'Losses', winRate: 'Win rate', agreement: 'Agreement',
    majority: 'majority', kappa: 'Fleiss\' κ', tasks: 'tasks', noVotes: 'No votes yet.',
    ratings: 'Bradley–Terry ratings', variant: 'Variant', rating: 'Rating', interval: '95% interval',
    annotators: 'Annotators', annotator: 'Annotator', controlVotes: 'Control votes', accuracy: 'Accuracy',
    leftOut: 'Left out', yes: 'yes', no: 'no',
    positionBias: 'The answer shown first ("A") won {rate} of decisive votes (95% interval {interval}).',
    p50: 'median', p95: '95th percentile',
    unauthorized: 'The session has ended, or it is not an admin\'s. Open a new invite link.',
    network: 'The server cannot be reached. Check the connection and reload the page.', failedLoad: 'Could not load',
  },
};

export { language };

/** The text of {@code key}, with each {name} replaced by {@code values[name]}. */
export function t(key, values = {}) {
  const text = TEXTS[language][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => String(values[name] ?? match));
}

/** Fills every element that names its text (data-text). */
export function translate(root) {
  document.documentElement.lang = language;
  for (const element of root.querySelectorAll('[data-text]')) {
    element.textContent = t(element.dataset.text);
  }
}
