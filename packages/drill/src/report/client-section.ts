import type { ClientResults, DrillResults } from '../drill/drill-results.ts';
import { renderAudit } from './audit-table.ts';
import { renderBreakerChart } from './breaker-chart.ts';
import { renderErrorRateChart, renderLatencyChart } from './client-charts.ts';
import { escapeHtml } from './escape-html.ts';
import { loadLines, renderLoadChart } from './load-chart.ts';
import { renderLoadGoals } from './load-goals-table.ts';
import { renderScorecard } from './scorecard-table.ts';
import { timeFrame } from './time-frame.ts';

const latencyHeight = 250;
const errorsHeight = 170;
const loadHeight = 200;

/**
 * Everything about one client: its three charts stacked on one time axis (latency, errors,
 * breaker), then its scorecard and audit.
 */
export function renderClientSection(
  results: DrillResults,
  client: ClientResults,
  endMs: number,
): string {
  const name = escapeHtml(client.client);
  const broken = results.broken.filter((b) => b.client === client.client).length;
  const badge =
    broken === 0
      ? '<span class="badge kept">promises kept</span>'
      : `<span class="badge broken">${broken} broken</span>`;
  const sideKeys = client.sides.map(({ side }) => side);
  const latencyKeys = sideKeys.flatMap((side) => [key(side, 'p99', false), key(side, 'p50', true)]);
  return (
    `<section class="client" id="client-${name}" data-client="${name}">` +
    `<h2>${name} <span class="target">${escapeHtml(client.target)}</span> ${badge}</h2>` +
    figure(
      'Latency over time',
      [...latencyKeys, deadlineKey(), ...phaseKeys()],
      renderLatencyChart(results, client, timeFrame(endMs, latencyHeight)),
    ) +
    figure(
      'Error rate over time',
      sideKeys.map((side) => key(side, 'errors', false)),
      renderErrorRateChart(results, client, timeFrame(endMs, errorsHeight)),
    ) +
    figure(
      'Goodput, hedges and concurrency limit',
      loadKeys(results, client),
      renderLoadChart(results, client, timeFrame(endMs, loadHeight)),
    ) +
    figure('Circuit breaker', breakerKeys(), renderBreakerChart(results, client, endMs)) +
    `<div class="tables">${renderScorecard(client, results.broken)}` +
    `${renderLoadGoals(client, results.broken)}` +
    `${renderAudit(client, results.broken)}</div></section>`
  );
}

function figure(title: string, keys: readonly string[], svg: string): string {
  return (
    `<figure><figcaption><span class="figure-title">${title}</span>` +
    `<span class="legend">${keys.join('')}</span></figcaption>${svg}</figure>`
  );
}

function key(side: string, measure: string, dashed: boolean): string {
  const label = measure === 'errors' ? side : `${side} ${measure}`;
  const style = `line ${escapeHtml(side)}${dashed ? ' dashed' : ''}`;
  return `<span class="key"><span class="swatch ${style}"></span>${escapeHtml(label)}</span>`;
}

/** Goodput per side; hedges and the limit only where the chart draws them. */
function loadKeys(results: DrillResults, client: ClientResults): string[] {
  const ids = new Set(loadLines(results, client).map((line) => line.id));
  const keys = client.sides.map(({ side }) => key(side, 'goodput', false));
  const own = (style: string, label: string) =>
    `<span class="key"><span class="swatch line ${style} dashed"></span>${label}</span>`;
  if (ids.has('bulwark-hedges')) keys.push(own('hedges', 'bulwark hedges per second'));
  if (ids.has('bulwark-limit')) keys.push(own('limit', 'bulwark concurrency limit'));
  return keys;
}

function deadlineKey(): string {
  return '<span class="key"><span class="swatch line deadline dashed"></span>deadline</span>';
}

function phaseKeys(): string[] {
  return [
    '<span class="key"><span class="swatch area fault"></span>fault</span>',
    '<span class="key"><span class="swatch area recovery"></span>recovery</span>',
  ];
}

function breakerKeys(): string[] {
  return ['closed', 'open', 'half_open'].map(
    (state) =>
      `<span class="key"><span class="swatch area breaker-${state}"></span>${state.replaceAll('_', '-')}</span>`,
  );
}
