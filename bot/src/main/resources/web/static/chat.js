// The web chat: one page over the bot's JSON endpoints; answers arrive as server-sent events.
import { t, translate } from './i18n.js';
import { HttpError, request } from './http.js';
import { render } from './markdown.js';
import { setupArena } from './arena.js';

const $ = (id) => document.getElementById(id);
const state = { csrf: null, conversation: null, following: null };

const MESSAGES = { network: t('network'), unauthorized: t('unauthorized'), failed: t('failed') };

async function api(method, path, body) {
  let response;
  try {
    response = await request(method, path, body, state.csrf, MESSAGES);
  } catch (e) {
    if (e.status === 401 && state.csrf !== null) {
      showSignIn();
    }
    throw e;
  }
  return response.status === 204 ? null : response.json();
}

function showError(error) {
  const element = $('error');
  element.textContent = error instanceof HttpError ? error.message : String(error);
  element.hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

function showSignIn() {
  $('app').hidden = true;
  $('signin').hidden = false;
}

function button(className, text, label, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = text;
  element.title = label;
  element.setAttribute('aria-label', label);
  element.addEventListener('click', onClick);
  return element;
}

function messageElement(message, last) {
  const article = document.createElement('article');
  article.className = 'message ' + message.role;
  article.dataset.id = message.id;
  const content = document.createElement('div');
  content.className = 'content';
  if (message.role === 'assistant') {
    content.append(render(message.content, t('reasoning')));
  } else {
    content.textContent = message.content;
  }
  article.append(content);
  if (message.role === 'assistant' && message.status === 'cut') {
    article.append(note(t('cut')));
  }
  if (message.role === 'assistant' && message.status === 'failed') {
    article.append(note(t('failed')));
  }
  const actions = document.createElement('div');
  actions.className = 'actions';
  if (message.role === 'assistant' && message.status !== 'failed') {
    const up = button('vote-up', '👍', t('up'), () => vote(article, message, 1));
    const down = button('vote-down', '👎', t('down'), () => vote(article, message, -1));
    up.classList.toggle('chosen', message.vote === 1);
    down.classList.toggle('chosen', message.vote === -1);
    actions.append(up, down);
    if (last) {
      actions.append(button('regenerate', '🔄', t('regenerate'), () => regenerate(message)));
    }
  }
  if (message.role === 'user' && last) {
    actions.append(button('edit', '✏️', t('edit'), () => edit(article, message)));
  }
  article.append(actions);
  return article;
}

function note(text) {
  const element = document.createElement('p');
  element.className = 'note';
  element.textContent = text;
  return element;
}

async function loadConversations() {
  const data = await api('GET', '/web/api/conversations');
  const nav = $('conversations');
  nav.replaceChildren();
  for (const conversation of data.conversations) {
    const link = button('conversation', conversation.title || t('untitled'), conversation.title || t('untitled'),
        () => openConversation(conversation.id));
    link.dataset.id = conversation.id;
    link.classList.toggle('current', conversation.id === state.conversation);
    nav.append(link);
  }
  return data.conversations;
}

async function openConversation(id) {
  clearError();
  arena.closeAnnotate();
  const data = await api('GET', '/web/api/conversations/' + id);
  state.conversation = id;
  $('title').textContent = data.title || 'Saiga';
  const list = $('messages');
  list.replaceChildren();
  const lastUser = data.messages.findLastIndex((m) => m.role === 'user');
  const lastAnswer = data.messages.findLastIndex((m) => m.role === 'assistant');
  data.messages.forEach((message, index) => {
    const last = message.role === 'user' ? index === lastUser
        : index === lastAnswer && index > lastUser && data.running_generation_id === null;
    list.append(messageElement(message, last));
  });
  if (data.messages.length === 0) {
    list.append(note(t('empty')));
  }
  for (const item of $('conversations').children) {
    item.classList.toggle('current', Number(item.dataset.id) === id);
  }
  $('sidebar').classList.remove('open');
  if (data.battle_vote_id !== null) {
    await arena.show(data.battle_vote_id); // a battle waiting for its vote follows its own answers
  } else if (data.running_generation_id !== null) {
    follow(data.running_generation_id);
  }
  list.scrollTop = list.scrollHeight;
}

/** Shows the answer of generation `id` as it is written, then the conversation as stored. */
function follow(id) {
  if (state.following) {
    state.following.source.close();
  }
  const article = document.createElement('article');
  article.className = 'message assistant streaming';
  const content = document.createElement('div');
  content.className = 'content';
  content.append(note(t('waiting')));
  article.append(content);
  $('messages').append(article);
  const source = new EventSource('/web/api/generations/' + id + '/events');
  const following = { id, source, text: '', scheduled: false };
  state.following = following;
  setBusy(true);
  const paint = () => {
    following.scheduled = false;
    content.replaceChildren(render(following.text, t('reasoning')));
    const list = $('messages');
    list.scrollTop = list.scrollHeight;
  };
  // A reconnect replays the answer from its start.
  source.addEventListener('open', () => { following.text = ''; });
  source.addEventListener('text', (event) => {
    following.text += JSON.parse(event.data).delta;
    if (!following.scheduled) {
      following.scheduled = true;
      requestAnimationFrame(paint);
    }
  });
  source.addEventListener('end', async (event) => {
    source.close();
    if (state.following === following) {
      state.following = null;
      setBusy(false);
    }
    const end = JSON.parse(event.data);
    if (end.outcome === 'failed') {
      article.classList.remove('streaming');
      content.replaceChildren(note(end.reason === 'busy' ? t('busy') : end.reason === 'too_long' ? t('tooLong')
          : t('failed')));
      return;
    }
    if (end.outcome === 'restarting') {
      content.replaceChildren(note(t('restarting')));
      return;
    }
    try {
      await openConversation(state.conversation);
      await loadConversations();
    } catch (e) {
      showError(e);
    }
  });
}

/** The arena's part of the page; it lends the chat's requests, notes and the send and stop buttons. */
const arena = setupArena({
  api, showError, clearError, note,
  busy: (following) => {
    state.following = following;
    setBusy(true);
  },
  idle: (following) => {
    if (state.following === following) {
      state.following = null;
      setBusy(false);
    }
  },
  refresh: () => loadConversations(),
  scroll: () => {
    const list = $('messages');
    list.scrollTop = list.scrollHeight;
  },
});

function setBusy(busy) {
  $('send').hidden = busy;
  $('stop').hidden = !busy;
  $('stop').disabled = false;
  delete $('stop').dataset.state;
}

async function ask(event) {
  event.preventDefault();
  const text = $('question').value.trim();
  if (text === '' || state.following) {
    return;
  }
  clearError();
  try {
    if (state.conversation === null) {
      state.conversation = (await api('POST', '/web/api/conversations')).id;
      $('messages').replaceChildren();
    }
    const battle = arena.armed() ? await arena.ask(state.conversation, text) : null;
    const sent = battle ?? await api('POST', '/web/api/conversations/' + state.conversation + '/messages',
        { text });
    $('question').value = '';
    // The question before this one is no longer the last: its ✏️ and its answer's 🔄 go.
    $('messages').querySelectorAll(':scope > .note, .regenerate, .edit').forEach((element) => element.remove());
    $('messages').append(messageElement({ id: 0, role: 'user', content: text }, false));
    if (battle !== null) {
      arena.showBattle(battle);
    } else if (sent.battle_vote_id !== null) {
      await arena.show(sent.battle_vote_id); // --arena-share drew this question into a battle
    } else {
      follow(sent.generation_id);
    }
  } catch (e) {
    showError(e);
  }
}

async function vote(article, message, value) {
  const next = message.vote === value ? 0 : value;
  try {
    await api('POST', '/web/api/answers/' + message.id + '/vote', { vote: next });
    message.vote = next;
    article.querySelector('.vote-up').classList.toggle('chosen', next === 1);
    article.querySelector('.vote-down').classList.toggle('chosen', next === -1);
  } catch (e) {
    showError(e);
  }
}

async function regenerate(message) {
  clearError();
  try {
    const sent = await api('POST', '/web/api/answers/' + message.id + '/regenerate');
    document.querySelector('.message[data-id="' + message.id + '"]')?.remove();
    follow(sent.generation_id);
  } catch (e) {
    showError(e);
  }
}

function edit(article, message) {
  const box = document.createElement('textarea');
  box.className = 'edit-box';
  box.value = message.content;
  box.maxLength = 4096;
  const send = button('edit-send', t('editSend'), t('editSend'), async () => {
    clearError();
    try {
      const sent = await api('POST', '/web/api/conversations/' + state.conversation + '/edit',
          { text: box.value });
      const next = article.nextElementSibling;
      if (next?.classList.contains('assistant') || next?.classList.contains('battle')) {
        next.remove(); // the edited question's answer (or battle) is replaced
      }
      article.querySelector('.content').textContent = box.value;
      form.remove();
      follow(sent.generation_id);
    } catch (e) {
      showError(e);
    }
  });
  const cancel = button('edit-cancel', t('cancel'), t('cancel'), () => form.remove());
  const form = document.createElement('div');
  form.className = 'edit-form';
  form.append(box, send, cancel);
  article.append(form);
  box.focus();
}

async function stop() {
  if (!state.following) {
    return;
  }
  const button = $('stop');
  button.disabled = true;
  try {
    await api('POST', '/web/api/generations/' + state.following.id + '/stop');
    button.dataset.state = 'stopping'; // the server has it: the answer ends with what it wrote so far
  } catch (e) {
    button.disabled = false;
    showError(e);
  }
}

async function loadSettings() {
  const settings = await api('GET', '/web/api/settings');
  $('system-prompt').value = settings.system_prompt;
  $('temperature').value = settings.temperature ?? '';
  $('top-p').value = settings.top_p ?? '';
  $('max-tokens').value = settings.max_tokens ?? '';
}

async function saveSettings() {
  const number = (id) => ($(id).value === '' ? null : Number($(id).value));
  try {
    await api('POST', '/web/api/settings', {
      system_prompt: $('system-prompt').value, temperature: number('temperature'), top_p: number('top-p'),
      max_tokens: number('max-tokens'),
    });
    $('settings-note').textContent = t('saved');
  } catch (e) {
    $('settings-note').textContent = e.message;
  }
}

async function forget() {
  if (!window.confirm(t('forgetConfirm'))) {
    return;
  }
  try {
    await api('POST', '/web/api/forget');
    state.conversation = null;
    $('messages').replaceChildren(note(t('forgotten')));
    await loadConversations();
  } catch (e) {
    showError(e);
  }
}

async function start() {
  translate(document);
  let session;
  try {
    session = await api('GET', '/web/api/session');
  } catch (e) {
    showSignIn();
    return;
  }
  state.csrf = session.csrf_token;
  $('app').hidden = false;
  $('admin-link').hidden = !session.admin;
  $('ask').addEventListener('submit', ask);
  $('question').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      ask(event);
    }
  });
  $('stop').addEventListener('click', stop);
  $('new-conversation').addEventListener('click', () => {
    arena.closeAnnotate();
    state.conversation = null;
    $('title').textContent = 'Saiga';
    $('messages').replaceChildren(note(t('empty')));
    $('sidebar').classList.remove('open');
    $('question').focus();
  });
  $('menu').addEventListener('click', () => $('sidebar').classList.toggle('open'));
  $('save-settings').addEventListener('click', saveSettings);
  $('forget').addEventListener('click', forget);
  try {
    await loadSettings();
    const conversations = await loadConversations();
    if (conversations.length > 0) {
      await openConversation(conversations[0].id);
    } else {
      $('messages').replaceChildren(note(t('empty')));
    }
  } catch (e) {
    showError(e);
  }
}

start();
