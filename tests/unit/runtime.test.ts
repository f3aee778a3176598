import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the runtime', () => {
  it("is the project's own Node 24, not the machine's end-of-life Node", () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('loads no test runner when the test kit is imported (the drill uses it)', () => {
    expect(packagesLoadedBy('../../src/testkit/index.ts')).not.toContain('vitest');
  });

  it('loads no client SDK when the core is imported', () => {
    expect(packagesLoadedBy('../../src/index.ts')).toEqual(['@opentelemetry/api']);
  });
});

/** The packages (bare specifiers) that importing `entry` resolves, observed by a resolve hook. */
function packagesLoadedBy(entry: string): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({
      resolve(specifier, context, next) {
        if (!/^(\\.|node:|file:)/.test(specifier)) seen.add(specifier);
        return next(specifier, context);
      },
    });
    await import(${JSON.stringify(new URL(entry, import.meta.url).href)});
    console.log(JSON.stringify([...seen]));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}
