// The dashboard's curation: voted answers to look through, one answer's conversation as the model saw it, marks
// that take an answer or a whole conversation out of the training data, and the dataset and arena report downloads.
// It renders into <section id="curation"> of /admin. Stored text (questions, answers, reasons, passages) only ever
// becomes text nodes, or DOM built by markdown.js: never markup.
import { language } from './i18n.js';
import { HttpError, request as send } from './http.js';
import { render } from './markdown.js';

const TEXTS = {
  ru: {
    title: 'Отбор данных для обучения', vote: 'Оценка', voteDown: '👎 только', voteUp: '👍 только', voteAny: 'любая',
    model: 'Модель', chat: 'Чат', feedback: 'Как оценили', excluded: 'Исключены', from: 'С', to: 'По',
    any: 'все', private: 'личный', group: 'группа', web: 'веб', api: 'API', button: 'кнопка', reaction: 'реакция',
    excludedNo: 'не исключённые', excludedYes: 'только исключённые', apply: 'Показать',
    datasetDownload: 'Скачать датасет (zip)', arenaDownload: 'Скачать отчёт арены (zip)',
    datasetNote: 'В датасет идут вопросы из выбранных дат; остальные фильтры выбирают только то, что видно здесь.',
    preparing: 'Готовится…', downloaded: 'Скачано: ', more: 'Ещё', nothing: 'Нет оценённых ответов с такими фильтрами.',
    open: 'Открыть', back: '← К списку', systemPrompt: 'Системный промпт', question: 'Вопрос', answerLabel: 'Ответ',
    noQuestion: '(вопроса нет)', passages: 'Отрывки документов, данные модели', noPassages: 'Документы искали, подходящего не нашлось.',
    passagesGone: 'Документы, отрывки которых получила модель, удалены.', page: 'с.',
    earlierLeftOut: 'Разговор длиннее: здесь последние реплики, которые помещаются в окно промпта.',
    dropped: 'Не поместились в контекст модели и были пропущены самые старые реплики: ',
    cut: 'Ответ был остановлен или обрезан.', failed: 'Ответ не удался.',
    excludeAnswer: 'Исключить ответ', excludeConversation: 'Исключить весь разговор',
    reasonPrompt: 'Почему это не должно идти в обучение? (до 500 символов)', confirm: 'Исключить', cancel: 'Отмена',
    excludedAnswer: 'Ответ исключён', excludedConversation: 'Разговор исключён', undo: 'Вернуть',
    reasonRequired: 'Напишите причину.', network: 'Нет связи с сервером. Проверьте соединение и попробуйте ещё раз.',
    failedRequest: 'Запрос не удался.', unauthorized: 'Сессия закончилась. Откройте новую ссылку-приглашение.',
    reasoning: 'Рассуждение', by: 'оператор №',
  },
  en: {
    title: 'Training data curation', vote: 'Vote', voteDown: '👎 only', voteUp: '👍 only', voteAny: 'any',
    model: 'Model', chat: 'Chat', feedback: 'Voted by', excluded: 'Excluded', from: 'From', to: 'To',
    any: 'all', private: 'private', group: 'group', web: 'web', api: 'API', button: 'button', reaction: 'reaction',
    excludedNo: 'not excluded', excludedYes: 'excluded only', apply: 'Show',
    datasetDownload: 'Download the dataset (zip)', arenaDownload: 'Download the arena report (zip)',
    datasetNote: 'The dataset takes the questions of the chosen dates; the other filters only choose what you see here.',
    preparing: 'Preparing…', downloaded: 'Downloaded: ', more: 'More', nothing: 'No voted answers match these filters.',
    open: 'Open', back: '← Back to the list', systemPrompt: 'System prompt', question: 'Question', answerLabel: 'Answer',
    noQuestion: '(no question)', passages: 'Passages of documents given to the model',
    noPassages: 'The documents were searched; nothing relevant was found.',
    passagesGone: 'The documents whose passages the model was given have been deleted.', page: 'p.',
    earlierLeftOut: 'The conversation is longer: these are its latest turns, as many as the prompt\'s window holds.',
    dropped: 'Oldest turns left out of the prompt to fit the model\'s context: ',
    cut: 'The answer was stopped or cut off.', failed: 'The answer failed.',
    excludeAnswer: 'Exclude the answer', excludeConversation: 'Exclude the whole conversation',
    reasonPrompt: 'Why should this stay out of training? (up to 500 characters)', confirm: 'Exclude', cancel: 'Cancel',
    excludedAnswer: 'Answer excluded', excludedConversation: 'Conversation excluded', undo: 'Undo',
    reasonRequired: 'Write the reason.', network: 'The server cannot be reached. Check the connection and try again.',
    failedRequest: 'The request failed.', unauthorized: 'The session has ended. Open a new invite link.',
    reasoning: 'Reasoning', by: 'operator #',
  },
};

const t = (key) => TEXTS[language][key] ?? key;
const API = '/web/api/admin/';
const state = { csrf: null, nextBefore: null, items: new Map(), openId: null, ui: null };

const MESSAGES = { network: t('network'), unauthorized: t('unauthorized'), failed: t('failedRequest') };

function request(method, path, body) {
  return send(method, path, body, state.csrf, MESSAGES);
}

async function api(method, path, body) {
  return (await request(method, path, body)).json();
}

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (text !== undefined && text !== null) {
    element.textContent = text;
  }
  return element;
}

function button(className, text, onClick) {
  const element = el('button', className, text);
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}

function select(name, label, options) {
  const wrapper = el('label', 'curation-field');
  wrapper.append(el('span', null, label));
  const element = el('select');
  element.name = name;
  for (const [value, text] of options) {
    const option = el('option', null, text);
    option.value = value;
    element.append(option);
  }
  wrapper.append(element);
  return { wrapper, element };
}

function dateInput(name, label) {
  const wrapper = el('label', 'curation-field');
  wrapper.append(el('span', null, label));
  const element = el('input');
  element.type = 'date';
  element.name = name;
  wrapper.append(element);
  return { wrapper, element };
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(language === 'ru' ? 'ru-RU' : 'en-GB') : '';
}

function showError(error) {
  state.ui.error.textContent = error instanceof HttpError ? error.message : String(error);
  state.ui.error.hidden = false;
}

function clearError() {
  state.ui.error.hidden = true;
}

/** The filter bar's values as query parameters; empty ones are left out. */
function filterParams() {
  const form = state.ui.filters;
  const params = new URLSearchParams();
  for (const name of ['vote', 'model', 'chat', 'feedback', 'excluded', 'from', 'to']) {
    const value = form.elements[name].value;
    if (value !== '' && value !== 'any') {
      params.set(name, value);
    }
  }
  return params;
}

function buildSkeleton(root) {
  root.classList.add('curation');
  root.replaceChildren();
  const heading = el('h2', null, t('title'));
  const filters = el('form', 'curation-filters');
  const vote = select('vote', t('vote'), [['down', t('voteDown')], ['up', t('voteUp')], ['any', t('voteAny')]]);
  const model = select('model', t('model'), [['', t('any')]]);
  const chat = select('chat', t('chat'), [['', t('any')], ['private', t('private')], ['group', t('group')],
    ['web', t('web')], ['api', t('api')]]);
  const feedback = select('feedback', t('feedback'), [['', t('any')], ['button', t('button')],
    ['reaction', t('reaction')], ['web', t('web')], ['api', t('api')]]);
  const excluded = select('excluded', t('excluded'), [['', t('any')], ['no', t('excludedNo')],
    ['yes', t('excludedYes')]]);
  const from = dateInput('from', t('from'));
  const to = dateInput('to', t('to'));
  const apply = el('button', 'curation-apply', t('apply'));
  apply.type = 'submit';
  filters.append(vote.wrapper, model.wrapper, chat.wrapper, feedback.wrapper, excluded.wrapper, from.wrapper,
    to.wrapper, apply);
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    loadList(false);
  });

  const downloads = el('div', 'curation-downloads');
  const status = el('span', 'curation-download-status');
  status.setAttribute('role', 'status');
  const dataset = button('curation-dataset', t('datasetDownload'), () => download(dataset, 'curation/dataset.zip',
    datasetParams()));
  const arena = button('curation-arena', t('arenaDownload'), () => download(arena, 'curation/arena-report.zip',
    new URLSearchParams()));
  downloads.append(dataset, arena, status, el('p', 'curation-note', t('datasetNote')));

  const error = el('p', 'curation-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;

  const layout = el('div', 'curation-layout');
  const listPane = el('div', 'curation-list-pane');
  const list = el('div', 'curation-list');
  const more = button('curation-more', t('more'), () => loadList(true));
  more.hidden = true;
  listPane.append(list, more);
  const view = el('div', 'curation-view');
  view.id = 'curation-view';
  view.hidden = true;
  layout.append(listPane, view);

  root.append(heading, filters, downloads, error, layout);
  state.ui = { root, filters, model: model.element, list, more, view, layout, error, status };
}

function datasetParams() {
  const params = new URLSearchParams();
  for (const name of ['from', 'to']) {
    const value = state.ui.filters.elements[name].value;
    if (value !== '') {
      params.set(name, value);
    }
  }
  return params;
}

/** Fetches a zip and hands it to the browser as a download; refusals (a download already running) are shown. */
async function download(trigger, path, params) {
  clearError();
  trigger.disabled = true;
  state.ui.status.textContent = t('preparing');
  try {
    const query = params.toString();
    const response = await request('GET', API + path + (query ? '?' + query : ''));
    const blob = await response.blob();
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const name = (disposition.match(/filename="([^"]+)"/) ?? [null, path.split('/').pop()])[1];
    const link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    state.ui.status.textContent = t('downloaded') + name;
  } catch (e) {
    state.ui.status.textContent = '';
    showError(e);
  } finally {
    trigger.disabled = false;
  }
}

async function loadFilters() {
  const data = await api('GET', API + 'curation/filters');
  for (const model of data.models) {
    const option = el('option', null, model);
    option.value = model;
    state.ui.model.append(option);
  }
}

async function loadList(append) {
  clearError();
  const params = filterParams();
  if (append && state.nextBefore !== null) {
    params.set('before', state.nextBefore);
  }
  try {
    const data = await api('GET', API + 'curation/answers?' + params.toString());
    if (!append) {
      state.items.clear();
      state.ui.list.replaceChildren();
    }
    for (const answer of data.answers) {
      const item = listItem(answer);
      state.items.set(answer.id, { answer, item });
      state.ui.list.append(item);
    }
    if (!append && data.answers.length === 0) {
      state.ui.list.append(el('p', 'curation-note', t('nothing')));
    }
    state.nextBefore = data.next_before;
    state.ui.more.hidden = data.next_before === null;
  } catch (e) {
    showError(e);
  }
}

function votesText(votes) {
  return '👍 ' + votes.up + '  👎 ' + votes.down + (votes.sources.length ? '  (' + votes.sources.map(t).join(', ') + ')' : '');
}

function listItem(answer) {
  const item = el('article', 'curation-item');
  item.dataset.id = answer.id;
  item.dataset.conversation = answer.conversation_id;
  item.classList.toggle('current', answer.id === state.openId);
  const meta = el('div', 'curation-meta');
  meta.append(el('span', 'curation-votes', votesText(answer.votes)), el('span', null, answer.model ?? '—'),
    el('span', null, t(answer.chat_kind === 'supergroup' ? 'group' : answer.chat_kind)),
    el('time', null, when(answer.created_at)));
  const question = el('p', 'curation-question', answer.question === null ? t('noQuestion')
    : answer.question + (answer.question_cut ? '…' : ''));
  const text = el('p', 'curation-answer', answer.answer + (answer.answer_cut ? '…' : ''));
  const marks = el('div', 'curation-marks');
  fillMarks(marks, answer.exclusions, false);
  const open = button('curation-open', t('open'), () => openAnswer(answer.id));
  item.append(meta, question, text, marks, open);
  return item;
}

/** The exclusions of an answer as badges; in the view each gets an undo button. */
function fillMarks(container, exclusions, undoable) {
  container.replaceChildren();
  for (const exclusion of exclusions) {
    const mark = el('div', 'curation-excluded');
    mark.dataset.scope = exclusion.scope;
    mark.append(el('strong', null, t(exclusion.scope === 'answer' ? 'excludedAnswer' : 'excludedConversation')),
      el('span', 'curation-reason', exclusion.reason),
      el('span', 'curation-when', when(exclusion.created_at)
        + (exclusion.excluded_by === null ? '' : ', ' + t('by') + exclusion.excluded_by)));
    if (undoable) {
      mark.append(button('curation-undo', t('undo'), () => undo(exclusion)));
    }
    container.append(mark);
  }
}

async function openAnswer(id) {
  clearError();
  try {
    const data = await api('GET', API + 'curation/answers/' + id);
    state.openId = id;
    for (const { answer, item } of state.items.values()) {
      item.classList.toggle('current', answer.id === id);
    }
    showView(data);
  } catch (e) {
    showError(e);
  }
}

function showView(data) {
  const view = state.ui.view;
  view.replaceChildren();
  view.hidden = false;
  view.dataset.id = data.answer.id;
  state.ui.layout.classList.add('viewing');
  const back = button('curation-back', t('back'), () => {
    view.hidden = true;
    state.ui.layout.classList.remove('viewing');
  });
  const meta = el('div', 'curation-meta');
  meta.append(el('span', 'curation-votes', votesText(data.answer.votes)), el('span', null, data.answer.model ?? '—'),
    el('span', null, t(data.answer.chat_kind === 'supergroup' ? 'group' : data.answer.chat_kind)),
    el('time', null, when(data.answer.created_at)));
  const marks = el('div', 'curation-marks');
  fillMarks(marks, data.answer.exclusions, true);
  const actions = el('div', 'curation-actions');
  const scopes = new Set(data.answer.exclusions.map((e) => e.scope));
  if (!scopes.has('answer')) {
    actions.append(button('curation-exclude-answer', t('excludeAnswer'),
      () => askReason(actions, { message_id: data.answer.id })));
  }
  if (!scopes.has('conversation')) {
    actions.append(button('curation-exclude-conversation', t('excludeConversation'),
      () => askReason(actions, { conversation_id: data.answer.conversation_id })));
  }
  view.append(back, meta, marks, actions);

  const system = el('details', 'curation-system');
  system.open = true;
  system.append(el('summary', null, t('systemPrompt')), el('div', 'curation-text', data.conversation.system_prompt));
  view.append(system);
  if (data.earlier_turns_left_out) {
    view.append(el('p', 'curation-note', t('earlierLeftOut')));
  }
  if (data.answer.dropped_turns) {
    view.append(el('p', 'curation-note', t('dropped') + data.answer.dropped_turns));
  }
  const turns = el('div', 'curation-turns');
  for (const turn of data.turns) {
    turns.append(turnElement(turn));
  }
  view.append(turns);
  view.scrollIntoView({ block: 'nearest' });
}

function turnElement(turn) {
  const article = el('article', 'curation-turn ' + turn.role);
  article.dataset.id = turn.id;
  article.classList.toggle('chosen', turn.answer);
  if (turn.role === 'user') {
    if (turn.author) {
      article.append(el('div', 'curation-author', turn.author));
    }
    article.append(el('div', 'curation-text', turn.content));
    if (turn.grounding === 'found') {
      article.append(turn.passages.length ? passagesElement(turn.passages) : el('p', 'curation-note', t('passagesGone')));
    } else if (turn.grounding === 'none') {
      article.append(el('p', 'curation-note', t('noPassages')));
    }
  } else {
    const content = el('div', 'content');
    content.append(render(turn.content, t('reasoning')));
    article.append(content);
    if (turn.status === 'cut') {
      article.append(el('p', 'curation-note', t('cut')));
    }
  }
  return article;
}

function passagesElement(passages) {
  const details = el('details', 'curation-passages');
  details.append(el('summary', null, t('passages') + ' (' + passages.length + ')'));
  const list = el('ol');
  for (const passage of passages) {
    const item = el('li');
    item.value = passage.number;
    const where = [passage.file_name, passage.page === null ? null : t('page') + ' ' + passage.page, passage.section]
      .filter((part) => part !== null && part !== '').join(', ');
    item.append(el('div', 'curation-source', where), el('div', 'curation-text', passage.text));
    list.append(item);
  }
  details.append(list);
  return details;
}

/** The reason form: a mark always says why, for the dataset card and for whoever looks next. */
function askReason(actions, target) {
  actions.querySelector('.curation-reason-form')?.remove();
  const form = el('form', 'curation-reason-form');
  const label = el('label', null);
  label.append(el('span', null, t('reasonPrompt')));
  const reason = el('textarea');
  reason.id = 'curation-reason';
  reason.maxLength = 500;
  reason.rows = 3;
  reason.required = true;
  label.append(reason);
  const ok = el('button', 'curation-reason-ok', t('confirm'));
  ok.type = 'submit';
  const cancel = button('curation-reason-cancel', t('cancel'), () => form.remove());
  form.append(label, ok, cancel);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (text === '') {
      showError(t('reasonRequired'));
      return;
    }
    ok.disabled = true;
    try {
      await api('POST', API + 'exclusions', { ...target, reason: text });
      await refresh();
    } catch (e) {
      ok.disabled = false;
      showError(e);
    }
  });
  actions.append(form);
  reason.focus();
}

async function undo(exclusion) {
  clearError();
  try {
    await api('POST', API + 'exclusions/' + exclusion.id + '/delete');
    await refresh();
  } catch (e) {
    showError(e);
  }
}

/** After a change: the open view again, and its marks on every listed answer of the same conversation. */
async function refresh() {
  const data = await api('GET', API + 'curation/answers/' + state.openId);
  showView(data);
  const conversationMark = data.answer.exclusions.filter((e) => e.scope === 'conversation');
  for (const entry of state.items.values()) {
    if (entry.answer.conversation_id !== data.answer.conversation_id) {
      continue;
    }
    entry.answer.exclusions = entry.answer.id === data.answer.id ? data.answer.exclusions
      : entry.answer.exclusions.filter((e) => e.scope === 'answer').concat(conversationMark);
    fillMarks(entry.item.querySelector('.curation-marks'), entry.answer.exclusions, false);
  }
}

/** Loads curation.css unless the page links it already. */
function ensureStylesheet() {
  if (document.querySelector('link[href="/static/curation.css"]')) {
    return;
  }
  const link = el('link');
  link.rel = 'stylesheet';
  link.href = '/static/curation.css';
  document.head.append(link);
}

async function start(root) {
  ensureStylesheet();
  document.documentElement.lang = language;
  buildSkeleton(root);
  try {
    state.csrf = (await api('GET', '/web/api/session')).csrf_token;
    await loadFilters();
  } catch (e) {
    showError(e);
    return;
  }
  await loadList(false);
}

const root = document.getElementById('curation');
if (root) {
  start(root);
}
