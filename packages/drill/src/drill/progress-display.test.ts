import { describe, expect, it } from 'vitest';
import type { DrillProgress } from './drill-progress.ts';
import type { PhaseSpan } from './drill-results.ts';
import { createProgressDisplay } from './progress-display.ts';

/**
 * Just enough of a terminal to check what a person would see: it moves the cursor up, clears
 * lines and the rest of the screen, wraps long lines, and tracks the cursor's visibility.
 */
class FakeTerminal {
  readonly writes: string[] = [];
  rows: string[] = [''];
  row = 0;
  col = 0;
  cursorVisible = true;

  readonly columns: number;

  constructor(columns = 100) {
    this.columns = columns;
  }

  write(text: string): boolean {
    this.writes.push(text);
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (ch === '\x1b') {
        // eslint-disable-next-line no-control-regex -- a terminal reads escape codes
        const match = /^\x1b\[(\??)(\d*)([A-Za-z])/.exec(text.slice(i));
        if (match === null) throw new Error(`unknown escape at ${JSON.stringify(text.slice(i))}`);
        this.escape(match[1] === '?', Number(match[2] || '1'), match[3] ?? '');
        i += match[0].length - 1;
      } else if (ch === '\r') this.col = 0;
      else if (ch === '\n') this.newline();
      else this.put(ch);
    }
    return true;
  }

  /** The screen, without trailing blank rows. */
  get screen(): string[] {
    const rows = this.rows.map((r) => r.trimEnd());
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows;
  }

  private escape(privateMode: boolean, n: number, command: string) {
    if (privateMode && n === 25) this.cursorVisible = command === 'h';
    else if (command === 'A') this.row = Math.max(0, this.row - n);
    else if (command === 'K') this.rows[this.row] = '';
    else if (command === 'J') {
      this.rows[this.row] = (this.rows[this.row] ?? '').slice(0, this.col);
      this.rows.length = this.row + 1;
    } else throw new Error(`unexpected escape command ${command}`);
  }

  private newline() {
    this.row++;
    this.col = 0;
    while (this.rows.length <= this.row) this.rows.push('');
  }

  private put(ch: string) {
    if (this.col >= this.columns) this.newline();
    const line = (this.rows[this.row] ?? '').padEnd(this.col);
    this.rows[this.row] = line.slice(0, this.col) + ch + line.slice(this.col + 1);
    this.col++;
  }
}

const span = (name: PhaseSpan['name'], startMs: number, endMs: number): PhaseSpan => ({
  name,
  description: `${name} fault`,
  startMs,
  faultEndMs: endMs - 1000,
  endMs,
  clients: ['postgres', 'redis'],
  faultWindows: [],
  outage: false,
});

const snapshot = (calls: number, extra: Partial<DrillProgress> = {}): DrillProgress => ({
  phase: 'latency',
  phaseIndex: 1,
  phaseCount: 7,
  faultOn: true,
  elapsedMs: 10_000 + calls,
  totalMs: 120_000,
  sides: [
    { client: 'postgres', side: 'bulwark', calls, errors: 1, inFlight: 2 },
    { client: 'postgres', side: 'raw', calls, errors: 5, inFlight: 9 },
    { client: 'redis', side: 'bulwark', calls: calls * 2, errors: 0, inFlight: 1 },
    { client: 'redis', side: 'raw', calls: calls * 2, errors: 0, inFlight: 1 },
  ],
  ...extra,
});

describe('createProgressDisplay, lines mode', () => {
  it('prints a line as each phase starts and ends, nothing for updates, and no escape code', () => {
    const out = new FakeTerminal(200);
    const display = createProgressDisplay('lines', out);
    display.phaseStarted(span('latency', 10_000, 25_000), 1, 7);
    for (let i = 1; i <= 40; i++) display.update(snapshot(i * 10));
    display.phaseEnded(span('latency', 10_000, 25_000), snapshot(400));
    display.message('\x1b[33mwrote drill.html\x1b[39m');
    display.close();
    display.close();

    expect(out.writes.join('')).not.toContain('\x1b');
    expect(out.screen).toEqual([
      '[0:10] phase 2/7 latency: latency fault',
      '[0:25] phase 2/7 latency done: postgres 1 of 400 failed (raw 5 of 400 failed); ' +
        'redis 0 of 800 failed (raw 0 of 800 failed)',
      'wrote drill.html',
    ]);
  });
});

describe('createProgressDisplay, live mode', () => {
  it('redraws the block in place, moving up as many lines as it drew', () => {
    const out = new FakeTerminal();
    const display = createProgressDisplay('live', out);
    display.phaseStarted(span('latency', 10_000, 25_000), 1, 7);
    display.update(snapshot(10));
    const firstBlock = out.screen;
    expect(firstBlock).toHaveLength(5);
    expect(out.writes[0]).not.toContain('\x1b[5A');

    display.update(snapshot(20));
    expect(out.writes[1]?.startsWith('\r\x1b[5A')).toBe(true);
    display.update(snapshot(30));

    expect(out.screen).toHaveLength(5);
    expect(out.screen[0]).toBe('phase 2/7 latency (fault on)  0:10 / 2:00');
    expect(out.screen[1]).toBe('  latency fault');
    expect(out.screen[3]).toMatch(/^ {2}postgres +30 +1 +2 +30 +5 +9$/);
    expect(out.screen[4]).toMatch(/^ {2}redis +60 +0 +1 +60 +0 +1$/);
  });

  it('keeps phase ends and messages above the block, which stays at the bottom', () => {
    const out = new FakeTerminal(200);
    const display = createProgressDisplay('live', out);
    display.phaseStarted(span('latency', 10_000, 25_000), 1, 7);
    display.update(snapshot(10));
    display.message('a warning');
    display.phaseEnded(span('latency', 10_000, 25_000), snapshot(400));
    display.phaseStarted(span('reset', 25_000, 40_000), 2, 7);
    display.update(snapshot(5, { phase: 'reset', phaseIndex: 2, elapsedMs: 26_000 }));

    expect(out.screen.slice(0, 2)).toEqual([
      'a warning',
      expect.stringMatching(/^\[0:25\] phase 2\/7 latency done: postgres 1 of 400 failed/),
    ]);
    expect(out.screen.slice(2, 4)).toEqual([
      'phase 3/7 reset (fault on)  0:26 / 2:00',
      '  reset fault',
    ]);
    expect(out.screen).toHaveLength(7);
  });

  it('clears the rows a shrinking block no longer uses', () => {
    const out = new FakeTerminal();
    const display = createProgressDisplay('live', out);
    display.update(snapshot(10));
    const one = snapshot(10);
    display.update({ ...one, sides: one.sides.slice(0, 2) });
    expect(out.screen).toHaveLength(3);
    expect(out.screen.join('\n')).not.toContain('redis');
  });

  it('cuts block lines to the terminal width, so none wraps and the redraw stays aligned', () => {
    const out = new FakeTerminal(30);
    const display = createProgressDisplay('live', out);
    for (let i = 1; i <= 5; i++) display.update(snapshot(i * 1_000_000));
    expect(out.screen).toHaveLength(4);
    for (const row of out.screen) expect(row.length).toBeLessThan(30);
  });

  it('lets a long kept line wrap without upsetting the redraw below it', () => {
    const out = new FakeTerminal(60);
    const display = createProgressDisplay('live', out);
    display.update(snapshot(10));
    display.message('x'.repeat(150));
    display.update(snapshot(20));
    display.update(snapshot(30));
    expect(out.screen.slice(0, 3)).toEqual(['x'.repeat(60), 'x'.repeat(60), 'x'.repeat(30)]);
    expect(out.screen[3]).toBe('phase 2/7 latency (fault on)  0:10 / 2:00');
    expect(out.screen).toHaveLength(7);
  });

  it('hides the cursor while drawing, and on close leaves the block and shows it again', () => {
    const out = new FakeTerminal();
    const display = createProgressDisplay('live', out);
    display.update(snapshot(10));
    expect(out.cursorVisible).toBe(false);
    display.close();
    display.close();
    display.update(snapshot(99));
    expect(out.cursorVisible).toBe(true);
    expect(out.writes.join('').split('\x1b[?25h')).toHaveLength(2);
    expect(out.screen[0]).toBe('phase 2/7 latency (fault on)  0:10 / 2:00');
    expect(out.screen).toHaveLength(4);
  });

  it('writes nothing to a terminal it never drew on, not even on close', () => {
    const out = new FakeTerminal();
    createProgressDisplay('live', out).close();
    expect(out.writes).toEqual([]);
  });

  it('prints messages plainly after close', () => {
    const out = new FakeTerminal();
    const display = createProgressDisplay('live', out);
    display.update(snapshot(10));
    display.close();
    display.message('wrote drill.json');
    expect(out.screen.at(-1)).toBe('wrote drill.json');
  });
});
