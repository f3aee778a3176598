import { describe, expect, it } from 'vitest';
import { drillFlags } from './drill-flags.ts';
import { drillUsage } from './drill-usage.ts';

describe('drillUsage', () => {
  it('documents every flag the parser accepts', () => {
    for (const flag of drillFlags) expect(drillUsage).toContain(`--${flag.name}`);
    expect(drillUsage).toContain('-h, --help');
  });

  it('documents every environment variable the parser reads', () => {
    const names = drillFlags.flatMap((flag) => [
      ...('env' in flag ? flag.env : []),
      ...('fallbackEnv' in flag ? flag.fallbackEnv : []),
    ]);
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(drillUsage).toContain(name);
  });

  it('lists the exit codes', () => {
    expect(drillUsage).toMatch(/^ {2}0 {2}bulwark kept every promise$/m);
    expect(drillUsage).toMatch(/^ {2}1 {2}bulwark broke a promise$/m);
    expect(drillUsage).toMatch(/^ {2}2 {2}bad usage, or a service could not be reached$/m);
  });

  it('fits an 80-column terminal', () => {
    for (const line of drillUsage.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
