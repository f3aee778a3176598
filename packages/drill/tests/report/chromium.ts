/**
 * Debian's Chromium, the headless browser the report tests open the drill report in (driven by
 * playwright-core). Only the drill needs a browser, so the lookup lives here rather than in
 * bulwark's test kit; `scripts/install-services --with-browser` (which `npm test` and
 * `npm run test:docker` ask for) installs the package named here when {@link findChromium}
 * fails.
 *
 * @packageDocumentation
 */
import { accessSync, constants, statSync } from 'node:fs';

/**
 * Where Debian installs Chromium. Not pinned to a version: Debian ships only the current stable
 * with its security fixes, and the report tests assert on page content, which any recent
 * Chromium renders alike.
 */
export const chromiumPath = '/usr/bin/chromium';

/** The Debian package that provides {@link chromiumPath}. */
export const chromiumPackage = 'chromium';

/** {@link chromiumPath} when it is installed; throws with the package and the fix when not. */
export function findChromium(path: string = chromiumPath): string {
  if (isExecutableFile(path)) return path;
  throw new Error(
    `Chromium not found at ${path}; run \`npm run setup -- --with-browser\` (scripts/install-services installs it) (Debian package ${chromiumPackage}).`,
  );
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
