import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findChromium } from './chromium.ts';

let temp: string;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'bulwark-chromium-test-'));
});

afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('findChromium', () => {
  it('returns the path when Chromium is installed there', () => {
    const path = join(temp, 'usr-bin', 'chromium');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, 0o755);
    expect(findChromium(path)).toBe(path);
  });

  it('names the path, the package and the fix when it is not', () => {
    const path = join(temp, 'absent', 'chromium');
    expect(() => findChromium(path)).toThrow(
      `Chromium not found at ${path}; run \`npm run setup -- --with-browser\` (scripts/install-services installs it) (Debian package chromium).`,
    );
  });
});
