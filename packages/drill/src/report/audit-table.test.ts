import { describe, expect, it } from 'vitest';
import { renderAudit } from './audit-table.ts';

describe('renderAudit', () => {
  it('shows leaked sockets and lost of acknowledged writes per side, marking any loss', () => {
    const html = renderAudit({
      client: 'postgres',
      target: 'postgres://127.0.0.1:5432/drill',
      sides: [
        {
          side: 'bulwark',
          phases: [],
          series: [],
          breaker: [],
          audit: { leakedSockets: 0, lostWrites: 0, acknowledgedWrites: 900 },
        },
        {
          side: 'raw',
          phases: [],
          series: [],
          breaker: [],
          audit: { leakedSockets: 3, lostWrites: 2, acknowledgedWrites: 880 },
        },
      ],
    });
    const [bulwark, raw] = html.split('<tr>').slice(2);
    expect(bulwark).toContain('<td class="num">0</td><td class="num">0 / 900</td>');
    expect(raw).toContain('<td class="num bad">3</td><td class="num bad">2 / 880</td>');
  });
});
