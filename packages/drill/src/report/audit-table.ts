import { brokenAuditCells } from '../drill/broken-cells.ts';
import type { BrokenPromise, ClientResults } from '../drill/drill-results.ts';
import { escapeHtml } from './escape-html.ts';
import { missing } from './format.ts';

/**
 * What each side of a client left behind once closed (sockets), lost (writes it reported done
 * that the service does not have) and doubled (writes the service applied more than once).
 * bulwark's figures that break a promise, as the verdict lists them, are marked.
 */
export function renderAudit(client: ClientResults, broken: readonly BrokenPromise[]): string {
  const bad = brokenAuditCells(broken, client.client);
  const rows = client.sides.map(({ side, audit }) => {
    // The raw side promises nothing, but what it leaked, lost or doubled is marked all the same.
    const ours = side === 'bulwark';
    const doubledWrites = audit.doubledWrites ?? 0;
    const doubled =
      audit.doubledWrites === null ? missing : `${audit.doubledWrites} / ${audit.attemptedWrites}`;
    return (
      `<tr><td class="side"><span class="dot ${escapeHtml(side)}"></span>${escapeHtml(side)}</td>` +
      cell(String(audit.leakedSockets), ours ? bad.has('leaked') : audit.leakedSockets > 0) +
      cell(
        `${audit.lostWrites} / ${audit.acknowledgedWrites}`,
        ours ? bad.has('lost') : audit.lostWrites > 0,
      ) +
      cell(doubled, ours ? bad.has('doubled') : doubledWrites > 0) +
      '</tr>'
    );
  });
  return (
    `<table class="audit" data-table="audit" data-client="${escapeHtml(client.client)}">` +
    `<caption>Audit: ${escapeHtml(client.client)}, after close</caption>` +
    `<thead><tr><th scope="col">side</th><th scope="col">leaked sockets</th>` +
    `<th scope="col">lost writes / acknowledged</th>` +
    `<th scope="col">doubled writes / sent</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function cell(text: string, bad: boolean): string {
  return `<td class="num${bad ? ' bad' : ''}">${escapeHtml(text)}</td>`;
}
