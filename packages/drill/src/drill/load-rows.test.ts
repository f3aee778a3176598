import { describe, expect, it } from 'vitest';
import { overloadFigures, tailFigures } from './load-rows.ts';

describe('load figures', () => {
  it("says the tail's reads p99, extra attempts and hedges, each with the cell it marks", () => {
    const figures = tailFigures({
      reads: 100,
      readP99Ms: 12.4,
      calls: 200,
      extraAttempts: 0.042,
      hedges: 9,
      hedgesWon: 7,
    });
    expect(figures).toEqual([
      { text: 'reads p99 12 ms', cell: 'readP99' },
      { text: '+4.2% attempts', cell: 'extraAttempts' },
      { text: '9 hedges (7 won)', cell: undefined },
    ]);
  });

  it("says the overload's goodput, served p99, refusals and limit range", () => {
    const figures = overloadFigures({
      capacityPerS: 25,
      unloadedP99Ms: 163,
      calls: 500,
      goodputPerS: 24.1,
      servedP99Ms: 290,
      refused: 250,
      refusalP99Ms: 0.08,
      limitMin: 4,
      limitMax: 12,
    });
    expect(figures.map((f) => f.text)).toEqual([
      'goodput 24.1/s of 25.0/s',
      'served p99 290 ms (unloaded 163)',
      '250 refused, p99 0.08 ms',
      'limit 4–12',
    ]);
  });

  it('leaves out what a raw driver does not have', () => {
    const tail = tailFigures({
      reads: 1,
      readP99Ms: null,
      calls: 1,
      extraAttempts: null,
      hedges: null,
      hedgesWon: null,
    });
    expect(tail.map((f) => f.text)).toEqual(['reads p99 — ms']);
  });
});
