// The operator's dashboard: charts of the bot's traffic, votes, speed and queue (uPlot, from its WebJar) and the
// arena's figures as tables and bars, all from the admin JSON endpoints. No inline scripts or styles: the page's
// Content-Security-Policy forbids them, so sizes are set through the CSSOM (element.style), which it allows.
/* global uPlot */
import { language, t, translate } from './admin-i18n.js';

const $ = (id) => document.getElementById(id);
const CHART_HEIGHT = 240;
const COLORS = ['#2d6a4f', '#bc6c25', '#9b2226', '#1d3557'];
const LIVE_EVERY_MS = 10_000;

/** The uPlot instances by name: a browser test reads each one's data here. */
const charts = {};
window.saigaCharts = charts;

const count = new Intl.NumberFormat(language);
const decimal = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
const share = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });

/** The browser's time zone when it is a name the server takes; days and hours are then the viewer's own. */
function zone() {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
  return /^(UTC|[A-Za-z_]+\/[A-Za-z0-9_+\-/]+)$/.test(name) ? name : 'UTC';
}

async function get(path) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch (e) {
    throw new Error(t('network'));
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) {
      throw new Error(t('unauthorized'));
    }
    throw new Error(data.error ?? `${t('failedLoad')} ${path} (${response.status})`);
  }
  return data;
}

function showError(error) {
  const element = $('error');
  element.textContent = error instanceof Error ? error.message : String(error);
  element.hidden = false;
  document.body.dataset.state = 'error';
}

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

function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) {
      td.append(cell);
    } else {
      td.textContent = cell;
    }
    tr.append(td);
  }
  return tr;
}

/** Two decimals, without the "-0.00" a slightly negative value would round to. */
const hundredths = (value) => (Math.round(value * 100) / 100 + 0).toFixed(2);
const orDash = (value, format) => (value === null || value === undefined ? '—' : format(value));

/** A local day ("2026-12-07") as uPlot's x: seconds at the day's local midnight. */
const dayX = (day) => Date.parse(`${day}T00:00:00`) / 1000;
const hourX = (hour) => Date.parse(hour) / 1000;

/** Dates and times on the axes and in the legends, in the page's language. */
const dayFormat = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short' });
const timeFormat = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', hour: '2-digit',
  minute: '2-digit' });
const AXES = {
  day: { label: 'day', legend: (ts) => dayFormat.format(ts * 1000), tick: (ts) => dayFormat.format(ts * 1000) },
  hour: {
    label: 'hour',
    legend: (ts) => dayTimeFormat.format(ts * 1000),
    // midnight names the day, every other tick the time
    tick: (ts) => (new Date(ts * 1000).getHours() === 0 ? dayFormat : timeFormat).format(ts * 1000),
  },
};

/**
 * Draws (or redraws) chart {@code name} into its element: one line per series over days or hours ({@code axis}), on
 * the left scale unless a series names the right one ({@code right: true}).
 */
function draw(name, axis, series, data) {
  const host = document.querySelector(`[data-chart="${name}"]`);
  const right = series.some((s) => s.right);
  const options = {
    width: Math.max(240, host.clientWidth),
    height: CHART_HEIGHT,
    series: [{ label: t(AXES[axis].label), value: (u, ts) => orDash(ts, AXES[axis].legend) }, ...series.map((s, i) => ({
      label: s.label,
      stroke: COLORS[i % COLORS.length],
      width: 2,
      scale: s.right ? 'right' : 'y',
      points: { show: true, size: 4 },
      value: (u, value) => orDash(value, s.format ?? decimal.format),
    }))],
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max ?? 0, 1)] },
      right: { range: (u, min, max) => [0, Math.max(max ?? 0, 1)] } },
    axes: [{ values: (u, ticks) => ticks.map(AXES[axis].tick) }, { scale: 'y', size: 56 }, ...(right ? [{ scale: 'right', side: 1, size: 56, grid: { show: false } }] : [])],
    legend: { live: true },
  };
  charts[name]?.destroy();
  charts[name] = new uPlot(options, data, host);
}

/** Charts follow their card's width, on a phone too; a redraw waits for the next frame so layout settles first. */
const resizer = new ResizeObserver((entries) => {
  requestAnimationFrame(() => {
    for (const entry of entries) {
      const chart = charts[entry.target.dataset.chart];
      const width = Math.max(240, Math.floor(entry.contentRect.width));
      if (chart && chart.width !== width) {
        chart.setSize({ width, height: CHART_HEIGHT });
      }
    }
  });
});
document.querySelectorAll('[data-chart]').forEach((host) => resizer.observe(host));

async function loadActivity(days) {
  const body = await get(`/web/api/admin/activity?days=${days}&tz=${encodeURIComponent(zone())}`);
  draw('activity', 'day', [
    { label: t('messages'), format: count.format },
    { label: t('answers'), format: count.format },
    { label: t('failed'), format: count.format },
  ], [body.days.map((d) => dayX(d.day)), body.days.map((d) => d.messages), body.days.map((d) => d.answers),
    body.days.map((d) => d.failed)]);
}

async function loadFeedback(days) {
  const body = await get(`/web/api/admin/feedback?days=${days}&tz=${encodeURIComponent(zone())}`);
  draw('feedback', 'day', [
    { label: t('upShare'), format: (v) => share.format(v / 100) },
    { label: t('votes'), format: count.format, right: true },
  ], [body.days.map((d) => dayX(d.day)), body.days.map((d) => (d.up_share === null ? null : d.up_share * 100)),
    body.days.map((d) => d.up + d.down)]);
  const models = $('models');
  models.replaceChildren(...body.models.map((m) => {
    const bar = element('span', 'share');
    const fill = element('span', 'share-fill');
    fill.style.width = `${(m.up_share ?? 0) * 100}%`;
    bar.append(fill);
    const cell = element('span', 'share-cell', orDash(m.up_share, share.format));
    cell.prepend(bar);
    return row([m.base, m.adapter ?? t('noAdapter'), count.format(m.answers), count.format(m.up),
      count.format(m.down), cell]);
  }));
}

async function loadSpeed(hours) {
  const body = await get(`/web/api/admin/speed?hours=${hours}&tz=${encodeURIComponent(zone())}`);
  const x = body.hours.map((h) => hourX(h.hour));
  const seconds = (value) => (value === null ? null : value / 1000);
  const pair = (field, scale) => [body.hours.map((h) => scale(h[field].p50)), body.hours.map((h) => scale(h[field].p95))];
  const labels = [{ label: t('p50') }, { label: t('p95') }];
  draw('ttft', 'hour', labels, [x, ...pair('ttft_ms', seconds)]);
  draw('tps', 'hour', labels, [x, ...pair('tokens_per_s', (v) => v)]);
  draw('wait', 'hour', labels, [x, ...pair('queue_ms', seconds)]);
}

async function loadQueue(hours) {
  const body = await get(`/web/api/admin/queue?hours=${hours}&tz=${encodeURIComponent(zone())}`);
  showLive(body.now);
  draw('queue', 'hour', [
    { label: t('waitingAverage') },
    { label: t('waitingPeak'), format: count.format },
    { label: t('generatingAverage') },
  ], [body.hours.map((h) => hourX(h.hour)), body.hours.map((h) => h.waiting_average),
    body.hours.map((h) => h.waiting_peak), body.hours.map((h) => h.generating_average)]);
}

function showLive(now) {
  $('live-waiting').textContent = count.format(now.waiting);
  $('live-generating').textContent = count.format(now.generating);
}

async function loadLive() {
  try {
    showLive(await get('/web/api/admin/live'));
  } catch (e) {
    showError(e);
  }
}

const interval = (range, format) => (range ? `${format(range.low)}–${format(range.high)}` : '—');

/** One pair: its wins, ties (both bad included) and losses as one bar, then its figures. */
function pairElement(pair) {
  const ties = pair.ties + pair.both_bad;
  const box = element('div', 'pair');
  box.append(element('div', 'pair-name', `${pair.a} vs ${pair.b}`));
  const bar = element('div', 'wtl');
  for (const [kind, value] of [['win', pair.wins], ['tie', ties], ['loss', pair.losses]]) {
    if (value > 0) {
      const part = element('span', kind, String(value));
      part.style.flexGrow = String(value);
      bar.append(part);
    }
  }
  box.append(bar);
  const agreement = pair.agreement.tasks > 0
    ? ` · ${t('agreement')}: ${t('majority')} ${orDash(pair.agreement.majority_share, share.format)}, `
      + `${t('kappa')} ${orDash(pair.agreement.fleiss_kappa, hundredths)}`
    : '';
  box.append(element('div', 'note', `${pair.wins}-${ties}-${pair.losses} · ${t('winRate')} `
    + `${orDash(pair.win_rate, share.format)} (${interval(pair.win_rate_interval, share.format)})${agreement}`
    + ` · ${count.format(pair.tasks)} ${t('tasks')}`));
  return box;
}

/** A rating's interval as a bar on the scale of all the intervals shown, with the rating as a mark. */
function rangeElement(rating, low, high) {
  const range = element('span', 'range');
  if (rating.interval && high > low) {
    const position = (value) => `${((value - low) / (high - low)) * 100}%`;
    const span = element('span', 'range-interval');
    span.style.left = position(rating.interval.low);
    span.style.width = `${((rating.interval.high - rating.interval.low) / (high - low)) * 100}%`;
    const mark = element('span', 'range-mark');
    mark.style.left = position(rating.rating);
    range.append(span, mark);
  }
  return range;
}

async function loadArena() {
  const report = await get(`/web/api/admin/arena?source=${$('arena-source').value}`);
  let summary = t('summary', { votes: count.format(report.votes), tasks: count.format(report.tasks),
    annotators: count.format(report.annotators) });
  if (report.excluded_votes > 0) {
    summary += t('excluded', { excluded: count.format(report.excluded_votes) });
  }
  summary += '.';
  if (report.position_bias.decisive > 0) {
    summary += ' ' + t('positionBias', { rate: orDash(report.position_bias.shown_a_win_rate, share.format),
      interval: interval(report.position_bias.interval, share.format) });
  }
  $('arena-summary').textContent = summary;
  const pairs = $('pairs');
  pairs.replaceChildren(...(report.pairs.length > 0 ? report.pairs.map(pairElement)
    : [element('p', 'note', t('noVotes'))]));
  pairs.dataset.count = String(report.pairs.length);
  const bounds = report.ratings.filter((r) => r.interval).flatMap((r) => [r.interval.low, r.interval.high]);
  const low = Math.min(...bounds);
  const high = Math.max(...bounds);
  $('ratings').replaceChildren(...report.ratings.map((r) => row([r.variant, orDash(r.rating, (v) => v.toFixed(0)),
    interval(r.interval, (v) => v.toFixed(0)), rangeElement(r, low, high), count.format(r.votes)])));
  $('annotators').replaceChildren(...report.annotator_results.map((a) => row([String(a.annotator_id),
    count.format(a.votes), count.format(a.control_votes), orDash(a.accuracy, share.format),
    a.excluded ? t('yes') : t('no')])));
}

async function loadAll() {
  document.body.dataset.state = 'loading';
  $('error').hidden = true;
  const days = $('days').value;
  const hours = $('hours').value;
  const results = await Promise.allSettled([loadActivity(days), loadFeedback(days), loadSpeed(hours),
    loadQueue(hours), loadArena()]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    showError(failed.reason);
  } else {
    document.body.dataset.state = 'ready';
  }
}

translate(document);
document.title = t('title');
$('days').addEventListener('change', loadAll);
$('hours').addEventListener('change', loadAll);
$('refresh').addEventListener('click', loadAll);
$('arena-source').addEventListener('change', () => loadArena().catch(showError));
setInterval(loadLive, LIVE_EVERY_MS);
loadAll();
