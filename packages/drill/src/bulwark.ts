#!/usr/bin/env node
// The `bulwark` command (`npx bulwark drill`). All the work is in runCli, which tests call too.
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
