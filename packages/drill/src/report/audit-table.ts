import type { ClientResults } from '../drill/drill-results.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * What each side of a client left behind once closed (sockets) and lost (writes it reported
 * done that the service does not have). Any non-zero figure is marked.
 */
export function renderAudit(client: ClientResults): string {
  const rows = client.sides.map(({ side, audit }) => {
    const leaked = audit.leakedSockets > 0;
    const lost = audit.lostWrites > 0;
    return (
      `<tr><td class="side"><span class="dot ${escapeHtml(side)}"></span>${escapeHtml(side)}</td>` +
      `<td class="num${leaked ? ' bad' : ''}">${audit.leakedSockets}</td>` +
      `<td class="num${lost ? ' bad' : ''}">${audit.lostWrites} / ${audit.acknowledgedWrites}</td></tr>`
    );
  });
  return (
    `<table class="audit" data-table="audit" data-client="${escapeHtml(client.client)}">` +
    `<caption>Audit: ${escapeHtml(client.client)}, after close</caption>` +
    `<thead><tr><th scope="col">side</th><th scope="col">leaked sockets</th>` +
    `<th scope="col">lost writes / acknowledged</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
