import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's fleet example is examples/fleet-usage.ts, word for word (but for the import
// paths), so the type-check compiles it; the fleet's integration tests run its parts.
describe("the README's fleet example", () => {
  it('is the code in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /### Limits for a fleet[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const source = readFileSync(new URL('./fleet-usage.ts', import.meta.url), 'utf8')
      .replace("from '../src/fleet/index.ts'", "from 'bulwark/fleet'")
      .replace("from '../src/http/index.ts'", "from 'bulwark/http'")
      .replace("from '../src/redis/index.ts'", "from 'bulwark/redis'");
    expect(block).toBe(source);
  });
});
