import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the runtime', () => {
  it("is the project's own Node 24, not the machine's end-of-life Node", () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('loads no client SDK when the core is imported', () => {
    // A resolve hook records every package the import of the core pulls in.
    const script = `
      import { registerHooks } from 'node:module';
      const seen = new Set();
      registerHooks({
        resolve(specifier, context, next) {
          if (!specifier.startsWith('.') && !specifier.startsWith('node:') && !specifier.startsWith('file:')) seen.add(specifier);
          return next(specifier, context);
        },
      });
      await import(${JSON.stringify(new URL('../../src/index.ts', import.meta.url).href)});
      console.log(JSON.stringify([...seen]));
    `;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const packages = JSON.parse(output) as string[];
    expect(packages).toEqual(['@opentelemetry/api']);
  });
});
