/**
 * Valgrind, whose callgrind tool counts the instructions the core bench reports per call. Only
 * the bench needs it, so the lookup lives here; `scripts/install-services --with-valgrind`
 * (which `npm run bench` asks for) installs the package named here when {@link findValgrind}
 * fails.
 *
 * @packageDocumentation
 */
import { isExecutableFile } from '../src/testkit/tools.ts';

/**
 * Where Debian installs Valgrind. Not pinned to a version: an instruction count is compared only
 * within one run, so any Valgrind that runs Node will do.
 */
export const valgrindPath = '/usr/bin/valgrind';

/** The Debian package that provides {@link valgrindPath}. */
export const valgrindPackage = 'valgrind';

/** {@link valgrindPath} when it is installed; throws with the package and the fix when not. */
export function findValgrind(path: string = valgrindPath): string {
  if (isExecutableFile(path)) return path;
  throw new Error(
    `Valgrind not found at ${path}; run \`npm run setup -- --with-valgrind\` (scripts/install-services installs it) (Debian package ${valgrindPackage}).`,
  );
}
