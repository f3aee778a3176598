import { describe, expect, it } from 'vitest';
import type { SideAudit } from '../drill/drill-results.ts';
import { renderAudit } from './audit-table.ts';
import { cleanAudit } from '../drill/side-audit.test-helpers.ts';

const audit = (over: Partial<SideAudit>): SideAudit =>
  cleanAudit({ acknowledgedWrites: 900, attemptedWrites: 1000, ...over });

const client = (bulwark: SideAudit, raw: SideAudit) => ({
  client: 'postgres' as const,
  target: 'postgres://127.0.0.1:5432/drill',
  sides: [
    { side: 'bulwark' as const, phases: [], series: [], breaker: [], audit: bulwark },
    { side: 'raw' as const, phases: [], series: [], breaker: [], audit: raw },
  ],
});

describe('renderAudit', () => {
  it('shows leaked sockets, lost and doubled writes per side, marking any on the raw side', () => {
    const html = renderAudit(
      client(audit({}), audit({ leakedSockets: 3, lostWrites: 2, doubledWrites: 31 })),
      [],
    );
    const [bulwark, raw] = html.split('<tr>').slice(2);
    expect(bulwark).toContain(
      '<td class="num">0</td><td class="num">0 / 900</td><td class="num">0 / 1000</td>',
    );
    expect(raw).toContain(
      '<td class="num bad">3</td><td class="num bad">2 / 900</td><td class="num bad">31 / 1000</td>',
    );
  });

  it("marks bulwark's figures as the verdict lists them, and a dash where repeats leave no trace", () => {
    const html = renderAudit(client(audit({ doubledWrites: 2 }), audit({ doubledWrites: null })), [
      { client: 'postgres', phase: undefined, promise: 'no_double_write', detail: '2 of 1000' },
    ]);
    const [bulwark, raw] = html.split('<tr>').slice(2);
    expect(bulwark).toContain('<td class="num bad">2 / 1000</td>');
    expect(raw).toContain('<td class="num">—</td>');
  });
});
