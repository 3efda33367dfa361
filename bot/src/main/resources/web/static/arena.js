// The arena on the page, with Telegram's buttons: a question answered by both arena variants side by side (a live
// battle, /arena in Telegram), and annotation tasks one at a time (/annotate). What the model wrote is drawn by
// markdown.js only, never as HTML. Choices are sent as seen: "a" is the answer shown as A, on the left.
import { t } from './i18n.js';
import { render } from './markdown.js';

const $ = (id) => document.getElementById(id);
const BATTLE_CHOICES = [['a', 'arenaA'], ['b', 'arenaB'], ['tie', 'arenaTie'], ['both_bad', 'arenaBothBad']];
const TASK_CHOICES = [...BATTLE_CHOICES, ['skip', 'arenaSkip']];

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) {
    made.className = className;
  }
  if (text !== undefined) {
    made.textContent = text;
  }
  return made;
}

function choiceButtons(choices, onChoose) {
  const row = element('div', 'arena-choices');
  for (const [choice, key] of choices) {
    const button = element('button', 'arena-choice', t(key));
    button.type = 'button';
    button.dataset.choice = choice;
    button.addEventListener('click', () => onChoose(choice, row));
    row.append(button);
  }
  return row;
}

function side(label) {
  const section = element('section', 'arena-side');
  section.dataset.label = label;
  section.append(element('h3', 'arena-label', t(label === 'A' ? 'answerA' : 'answerB')),
      element('div', 'content'));
  return section;
}

/**
 * @param host what the chat lends: api(method, path, body), showError(e), clearError(), note(text),
 *             busy(following) / idle(following) (a battle being written holds the send and stop buttons, as an
 *             answer does), refresh() (the conversation list, once a battle is stored), scroll()
 */
export function setupArena(host) {
  const toggle = $('arena-toggle');
  const panel = $('annotate');
  let armed = false;

  const arm = (on) => {
    armed = on;
    toggle.classList.toggle('on', on);
    toggle.setAttribute('aria-pressed', String(on));
  };
  toggle.title = t('arenaHint');
  toggle.addEventListener('click', () => arm(!armed));

  /** Draws a battle's stored state into its view: both answers, then the buttons until the vote. */
  function paint(view, battle) {
    for (const shown of battle.sides) {
      const section = view.querySelector('.arena-side[data-label="' + shown.label + '"]');
      const content = section.querySelector('.content');
      section.classList.remove('streaming');
      if (shown.content !== null) {
        content.replaceChildren(render(shown.content, t('reasoning')));
        if (shown.answer_status === 'cut') {
          content.append(host.note(t('cut')));
        }
      } else if (shown.status === 'queued' || shown.status === 'running') {
        content.replaceChildren(host.note(t('waiting')));
      } else {
        content.replaceChildren(host.note(shown.status === 'cancelled' ? t('cut') : t('failed')));
      }
      section.classList.toggle('chosen', battle.choice === shown.label.toLowerCase());
    }
    const open = battle.sides.some((s) => s.status === 'queued' || s.status === 'running');
    const answered = battle.sides.length === 2
        && battle.sides.every((s) => s.content !== null && s.answer_status !== 'failed');
    const footer = view.querySelector('.arena-footer');
    if (open) {
      footer.replaceChildren();
    } else if (battle.choice !== null) {
      const choices = choiceButtons(BATTLE_CHOICES, () => {});
      for (const button of choices.children) {
        button.disabled = true;
        button.classList.toggle('chosen', button.dataset.choice === battle.choice);
      }
      footer.replaceChildren(choices, host.note(t('arenaVoted') + ' ' + t('arenaContinues')));
    } else if (answered) {
      footer.replaceChildren(element('p', 'arena-question', t('arenaQuestion')),
          choiceButtons(BATTLE_CHOICES, (choice, row) => vote(view, battle, choice, row)));
    } else {
      footer.replaceChildren(host.note(t('arenaNoPair')));
    }
  }

  async function vote(view, battle, choice, row) {
    host.clearError();
    for (const button of row.children) {
      button.disabled = true;
    }
    try {
      paint(view, await host.api('POST', '/web/api/battles/' + battle.vote_id + '/vote', { choice }));
    } catch (e) {
      for (const button of row.children) {
        button.disabled = false;
      }
      host.showError(e);
    }
  }

  /** Follows the answers still being written, side by side; once both have ended, draws what was stored. */
  function follow(view, battle) {
    const sources = [];
    // As the chat follows one answer: stop stops the chat's answers, both sides of the battle with them.
    const following = {
      id: battle.generation_ids[0],
      source: { close: () => sources.forEach((source) => source.close()) },
    };
    const refresh = async () => {
      host.idle(following);
      try {
        paint(view, await host.api('GET', '/web/api/battles/' + battle.vote_id));
        await host.refresh();
      } catch (e) {
        host.showError(e);
      }
      host.scroll();
    };
    const open = battle.sides.filter((s) => s.status === 'queued' || s.status === 'running');
    if (open.length === 0) {
      return;
    }
    host.busy(following);
    let ended = 0;
    for (const shown of open) {
      const section = view.querySelector('.arena-side[data-label="' + shown.label + '"]');
      const content = section.querySelector('.content');
      const source = new EventSource('/web/api/generations/' + shown.generation_id + '/events');
      sources.push(source);
      let text = '';
      let scheduled = false;
      section.classList.add('streaming');
      // A reconnect replays the answer from its start.
      source.addEventListener('open', () => { text = ''; });
      source.addEventListener('text', (event) => {
        text += JSON.parse(event.data).delta;
        if (!scheduled) {
          scheduled = true;
          requestAnimationFrame(() => {
            scheduled = false;
            content.replaceChildren(render(text, t('reasoning')));
            host.scroll();
          });
        }
      });
      source.addEventListener('end', (event) => {
        source.close();
        section.classList.remove('streaming');
        if (JSON.parse(event.data).outcome === 'restarting') {
          content.replaceChildren(host.note(t('restarting')));
        }
        ended += 1;
        if (ended === open.length) {
          refresh();
        }
      });
    }
  }

  /** Shows battle `battle` (as the server describes it) at the end of the messages, following what is open. */
  function showBattle(battle) {
    // Answer A is also the conversation's answer to the question: shown here, not twice.
    for (const shown of battle.sides) {
      if (shown.message_id !== null) {
        document.querySelector('#messages .message[data-id="' + shown.message_id + '"]')?.remove();
      }
    }
    const view = element('article', 'battle');
    view.dataset.voteId = battle.vote_id;
    const sides = element('div', 'arena-sides');
    sides.append(side('A'), side('B'));
    view.append(sides, element('div', 'arena-footer'));
    $('messages').append(view);
    paint(view, battle);
    follow(view, battle);
    host.scroll();
    return view;
  }

  async function openAnnotate() {
    host.clearError();
    $('messages').hidden = true;
    $('ask').hidden = true;
    panel.hidden = false;
    $('title').textContent = t('annotateTitle');
    $('sidebar').classList.remove('open');
    for (const item of $('conversations').children) {
      item.classList.remove('current');
    }
    panel.replaceChildren(host.note(t('waiting')));
    try {
      showTask((await host.api('GET', '/web/api/annotate/next')).task, null);
    } catch (e) {
      panel.replaceChildren();
      host.showError(e);
    }
  }

  function showTask(task, recorded) {
    const shown = [];
    if (recorded !== null) {
      shown.push(element('p', 'note arena-recorded', t(recorded === 'skipped' ? 'arenaSkipped' : 'arenaVoted')));
    }
    if (task === null) {
      shown.push(element('p', 'arena-done', t('arenaNoTasks')));
      panel.replaceChildren(...shown);
      return;
    }
    const view = element('article', 'arena-task');
    view.dataset.voteId = task.vote_id;
    view.append(element('h2', 'arena-task-title', t('annotateTask') + ' ' + task.task_id),
        element('p', 'arena-prompt', task.prompt));
    const sides = element('div', 'arena-sides');
    for (const [label, text] of [['A', task.shown_a], ['B', task.shown_b]]) {
      const section = side(label);
      section.querySelector('.content').append(render(text, t('reasoning')));
      sides.append(section);
    }
    view.append(sides, element('p', 'arena-question', t('arenaQuestion')),
        choiceButtons(TASK_CHOICES, (choice, row) => annotate(task, choice, row)));
    shown.push(view);
    panel.replaceChildren(...shown);
    panel.scrollTop = 0;
  }

  async function annotate(task, choice, row) {
    host.clearError();
    for (const button of row.children) {
      button.disabled = true;
    }
    try {
      const answer = await host.api('POST', '/web/api/annotate/' + task.vote_id, { choice });
      showTask(answer.next, answer.recorded);
    } catch (e) {
      for (const button of row.children) {
        button.disabled = false;
      }
      host.showError(e);
    }
  }

  $('annotate-open').addEventListener('click', openAnnotate);

  return {
    /** Whether the next question is to be a battle. */
    armed: () => armed,

    /** Asks `text` in conversation `conversationId` as a battle and shows it; the toggle is for one question. */
    async ask(conversationId, text) {
      const battle = await host.api('POST', '/web/api/conversations/' + conversationId + '/battle', { text });
      arm(false);
      return battle;
    },

    showBattle,

    /** Shows the battle of vote `voteId` (one waiting for its vote when the conversation was opened). */
    async show(voteId) {
      return showBattle(await host.api('GET', '/web/api/battles/' + voteId));
    },

    /** Back to the chat from the annotation tasks. */
    closeAnnotate() {
      panel.hidden = true;
      panel.replaceChildren();
      $('messages').hidden = false;
      $('ask').hidden = false;
    },
  };
}
