import { describe, expect, it } from 'vitest';
import { createPipeline } from '../pipeline.ts';
import { defaultHedge, resolveHedgeOptions } from './hedge-options.ts';

describe('hedge options', () => {
  it('true takes the defaults: the p90, a 10 ms floor, one hedge per ten calls', () => {
    expect(resolveHedgeOptions(true)).toEqual(defaultHedge);
    expect(defaultHedge).toMatchObject({ percentile: 0.9, floorMs: 10, ratio: 0.1 });
  });

  it.each([
    [{ percentile: 1.5 }, /hedge\.percentile/],
    [{ floorMs: -1 }, /hedge\.floorMs/],
    [{ ratio: 2 }, /hedge\.ratio/],
    [{ minSamples: 0.5 }, /hedge\.minSamples/],
    [{ maxHedges: 0 }, /hedge\.maxHedges/],
    [{ maxHedges: 4 }, /hedge\.maxHedges/],
    [{ delay: 5 }, /unknown option hedge\.delay/],
  ])('refuses %j at construction, naming it', (hedge, message) => {
    expect(() => createPipeline({ service: 'svc', hedge: hedge as never })).toThrow(TypeError);
    expect(() => createPipeline({ service: 'svc', hedge: hedge as never })).toThrow(message);
  });
});
