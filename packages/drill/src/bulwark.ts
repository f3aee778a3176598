#!/usr/bin/env -S node --conditions=bulwark-source
// The `bulwark` command (`npx bulwark drill`). All the work is in runCli, which tests call too.
//
// Node runs this file as it is (type stripping), and `--conditions=bulwark-source` makes every
// `bulwark` import resolve to the library's sources (`src/*.ts`, the root package.json's
// `bulwark-source` export condition), so the drill needs no build of the library. Without the
// condition, `bulwark` resolves to the built `dist/` as for any user of the package.
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
