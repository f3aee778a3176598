import type { BrokenPromise, DrillResults } from '../drill/drill-results.ts';
import { escapeHtml } from './escape-html.ts';
import { formatDuration, formatMs } from './format.ts';
import { formatTimeTick } from './scale.ts';

/** What each promise means, for the verdict's list. */
const promiseNames: Readonly<Record<BrokenPromise['promise'], string>> = {
  no_hang: 'no call hangs',
  no_leak: 'no socket leaks',
  no_lost_write: 'no acknowledged write is lost',
  no_double_write: 'no write is applied twice',
  recovers: 'recovers after the fault',
  recovers_as_raw: 'recovers within 250 ms of the raw driver',
  serves_as_raw: 'serves as the raw driver does where the service works',
  serves_through_flapping: 'serves 90% of what the raw driver serves under flapping',
  spares_the_service: 'spares the service while a fault is on (at most one attempt in ten calls)',
  checks_sparingly: 'checks a service in a fault at most once per 200 ms (Redis: 50 ms)',
  cuts_the_tail: "cuts the reads' p99 under a slow tail to half the raw driver's",
  hedges_sparingly: 'hedges with at most 10% extra attempts',
  keeps_goodput:
    "serves 90% of an overloaded server's capacity in time, and at least the raw driver's",
  bounds_latency: "keeps served calls' p99 within twice the server's unloaded p99 under overload",
  refuses_fast: 'refuses what an overloaded server cannot take in under 1 ms (p99)',
};

/** When, how long, how, and the verdict: the first thing a reader needs. */
export function renderHeader(results: DrillResults, note: string | undefined): string {
  const facts: [string, string][] = [
    ['started', formatStartedAt(results.startedAt)],
    ['duration', formatDuration(results.durationMs)],
    ['mode', results.mode],
    ['quick', results.quick ? 'yes' : 'no'],
    ['deadline', formatMs(results.deadlineMs)],
    ['clients', results.clients.map((c) => c.client).join(', ')],
  ];
  const list = facts
    .map(([name, value]) => `<div><dt>${name}</dt><dd>${escapeHtml(value)}</dd></div>`)
    .join('');
  const noteHtml = note === undefined ? '' : `<p class="note">${escapeHtml(note)}</p>`;
  return (
    `<header><h1>bulwark drill report</h1>${noteHtml}<dl class="facts">${list}</dl>` +
    `${renderVerdict(results.broken)}</header>`
  );
}

/** Promises kept, or each broken one: client, phase, promise and what happened. */
export function renderVerdict(broken: readonly BrokenPromise[]): string {
  if (broken.length === 0) {
    return (
      `<section class="verdict kept" data-verdict="kept"><h2>Every promise kept</h2>` +
      `<p>No call hung past the deadline, no socket leaked, no write was lost or applied ` +
      `twice, every client recovered after every fault as fast as the raw driver, served as ` +
      `much where the service worked, and spared it while it was down.</p></section>`
    );
  }
  const items = broken.map((b) => {
    const where = b.phase === undefined ? b.client : `${b.client} · ${b.phase}`;
    return (
      `<li><strong>${escapeHtml(where)}</strong>: ${escapeHtml(promiseNames[b.promise])} ` +
      `<span class="detail">(${escapeHtml(b.detail)})</span></li>`
    );
  });
  const count = broken.length === 1 ? '1 promise' : `${broken.length} promises`;
  return (
    `<section class="verdict broken" data-verdict="broken"><h2>${count} broken</h2>` +
    `<ul>${items.join('')}</ul></section>`
  );
}

/** The phases in order: when each fault ran, which clients it hit, and what it was. */
export function renderPhaseTable(results: DrillResults): string {
  const rows = results.phases.map((phase) => {
    const fault =
      phase.name === 'baseline'
        ? 'none'
        : `${formatTimeTick(phase.startMs)} – ${formatTimeTick(phase.faultEndMs)}`;
    return (
      `<tr><th scope="row">${escapeHtml(phase.name)}</th><td class="num">${fault}</td>` +
      `<td class="num">${formatTimeTick(phase.faultEndMs)} – ${formatTimeTick(phase.endMs)}</td>` +
      `<td>${escapeHtml(phase.clients.join(', '))}</td><td>${escapeHtml(phase.description)}</td></tr>`
    );
  });
  return (
    `<table class="phases" data-table="phases"><caption>Fault phases</caption>` +
    `<thead><tr><th scope="col">phase</th><th scope="col">fault</th><th scope="col">recovery</th>` +
    `<th scope="col">clients</th><th scope="col">what</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

/** "2026-11-24 09:30:00 UTC" from the ISO time; the text as given when it does not parse. */
function formatStartedAt(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
