import { describe, expect, it } from 'vitest';
import type { PhaseSpan } from '../drill/drill-results.ts';
import { renderPhases, renderTimeAxis, timeFrame } from './time-frame.ts';

const phases: PhaseSpan[] = [
  {
    name: 'baseline',
    description: 'none',
    startMs: 0,
    faultEndMs: 0,
    endMs: 20_000,
    clients: ['http', 'redis'],
    faultWindows: [],
    outage: false,
  },
  {
    name: 'blackhole',
    description: 'no bytes pass',
    startMs: 20_000,
    faultEndMs: 40_000,
    endMs: 50_000,
    clients: ['http', 'redis'],
    faultWindows: [],
    outage: false,
  },
  {
    name: 'throttle',
    description: '429s',
    startMs: 50_000,
    faultEndMs: 70_000,
    endMs: 80_000,
    clients: ['http'],
    faultWindows: [],
    outage: false,
  },
];

describe('timeFrame', () => {
  it('maps the timeline onto the plot, the same for every chart height', () => {
    const a = timeFrame(80_000, 250);
    const b = timeFrame(80_000, 90);
    expect(a.x(0)).toBe(a.plot.left);
    expect(a.x(80_000)).toBe(a.plot.left + a.plot.width);
    expect(b.x(40_000)).toBe(a.x(40_000));
  });
});

describe('renderPhases', () => {
  const frame = timeFrame(80_000, 250);

  it('shades each fault and its lighter recovery, and names the phase', () => {
    const svg = renderPhases(frame, phases, 'http');
    expect(svg.match(/class="phase-fault"/g)).toHaveLength(2);
    expect(svg.match(/class="phase-recovery"/g)).toHaveLength(3);
    expect(svg).toContain('>blackhole<title>');
    expect(svg).toContain('>baseline<title>');
  });

  it('leaves out the phases that did not apply to the client', () => {
    const svg = renderPhases(frame, phases, 'redis');
    expect(svg).not.toContain('throttle');
    expect(svg.match(/class="phase-fault"/g)).toHaveLength(1);
  });

  it('does not shade the baseline, which has no fault', () => {
    expect(renderPhases(frame, phases, 'redis')).not.toContain('data-phase="baseline"');
  });
});

describe('renderTimeAxis', () => {
  it('labels whole seconds', () => {
    const svg = renderTimeAxis(timeFrame(80_000, 250));
    expect(svg).toContain('>0 s<');
    expect(svg).toContain('>40 s<');
    expect(svg).toContain('>80 s<');
  });
});
