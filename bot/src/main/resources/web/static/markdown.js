// Markdown to DOM, built only with createElement and textContent: whatever the model writes (HTML, scripts,
// javascript: links) ends up as text, never as markup.

const SAFE_LINK = /^https?:\/\//i;

/** Renders `text` (an answer, possibly with <think>…</think> reasoning) into a fragment. */
export function render(text, reasoningLabel) {
  const fragment = document.createDocumentFragment();
  const { reasoning, answer } = splitReasoning(text);
  if (reasoning !== null) {
    const details = document.createElement('details');
    details.className = 'reasoning';
    const summary = document.createElement('summary');
    summary.textContent = reasoningLabel;
    details.append(summary, blocks(reasoning));
    fragment.append(details);
  }
  fragment.append(blocks(answer));
  return fragment;
}

/** Reasoning models write <think>…</think> first; an unclosed one is reasoning still being written. */
export function splitReasoning(text) {
  const start = text.indexOf('<think>');
  if (start < 0 || text.slice(0, start).trim() !== '') {
    return { reasoning: null, answer: text };
  }
  const end = text.indexOf('</think>', start);
  if (end < 0) {
    return { reasoning: text.slice(start + 7), answer: '' };
  }
  return { reasoning: text.slice(start + 7, end), answer: text.slice(end + 8) };
}

function blocks(text) {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = line.match(/^\s*```\s*([\w+-]*)\s*$/);
    if (fence) {
      const code = [];
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i])) {
        code.push(lines[i++]);
      }
      i++; // the closing fence (or the end while it is still being written)
      const pre = document.createElement('pre');
      const element = document.createElement('code');
      if (fence[1]) {
        element.dataset.language = fence[1];
      }
      element.textContent = code.join('\n');
      pre.append(element);
      fragment.append(pre);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      const element = document.createElement('h' + Math.min(6, heading[1].length + 2));
      element.append(inline(heading[2]));
      fragment.append(element);
      i++;
      continue;
    }
    const item = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const list = document.createElement(ordered ? 'ol' : 'ul');
      while (i < lines.length && item.test(lines[i])) {
        const li = document.createElement('li');
        li.append(inline(lines[i].replace(item, '')));
        list.append(li);
        i++;
      }
      fragment.append(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) {
        quoted.push(lines[i++].replace(/^\s*>\s?/, ''));
      }
      const quote = document.createElement('blockquote');
      quote.append(blocks(quoted.join('\n')));
      fragment.append(quote);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() !== '' && !/^\s*```/.test(lines[i]) && !/^#{1,6}\s/.test(lines[i])
           && !item.test(lines[i]) && !/^\s*>/.test(lines[i])) {
      paragraph.push(lines[i++]);
    }
    const p = document.createElement('p');
    paragraph.forEach((part, index) => {
      if (index > 0) {
        p.append(document.createElement('br'));
      }
      p.append(inline(part));
    });
    fragment.append(p);
  }
  return fragment;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(__[^_]+__)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\([^)\s]+\))/;

function inline(text) {
  const fragment = document.createDocumentFragment();
  let rest = text;
  while (rest.length > 0) {
    const match = rest.match(INLINE);
    if (!match) {
      fragment.append(document.createTextNode(rest));
      break;
    }
    if (match.index > 0) {
      fragment.append(document.createTextNode(rest.slice(0, match.index)));
    }
    const token = match[0];
    if (match[1]) {
      const code = document.createElement('code');
      code.textContent = token.slice(1, -1);
      fragment.append(code);
    } else if (match[2] || match[3]) {
      const strong = document.createElement('strong');
      strong.append(inline(token.slice(2, -2)));
      fragment.append(strong);
    } else if (match[4]) {
      const em = document.createElement('em');
      em.append(inline(token.slice(1, -1)));
      fragment.append(em);
    } else {
      const [, label, href] = token.match(/^\[([^\]]+)\]\(([^)\s]+)\)$/);
      if (SAFE_LINK.test(href)) {
        const link = document.createElement('a');
        link.href = href;
        link.rel = 'noopener noreferrer nofollow';
        link.target = '_blank';
        link.textContent = label;
        fragment.append(link);
      } else {
        fragment.append(document.createTextNode(token));
      }
    }
    rest = rest.slice(match.index + token.length);
  }
  return fragment;
}
