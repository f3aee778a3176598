import { writeFile } from 'node:fs/promises';
import { drillExitCodes } from './drill/drill-exit-codes.ts';
import { DrillHelpRequested } from './drill/drill-help-requested.ts';
import { drillUsage } from './drill/drill-usage.ts';
import { DrillUsageError } from './drill/drill-usage-error.ts';
import { parseDrillArgs } from './drill/parse-drill-args.ts';
import { createProgressDisplay, type DisplayStream } from './drill/progress-display.ts';
import { defaultProfile, quickProfile } from './drill/drill-profile.ts';
import { openEnvironment } from './drill/drill-environment.ts';
import { runDrill } from './drill/run-drill.ts';
import { formatScorecard } from './drill/scorecard-table.ts';
import { oneLine } from './one-line.ts';

/** What the CLI talks to: the process's streams and environment, or a test's. */
export interface CliIo {
  readonly stdout: DisplayStream & { readonly isTTY?: boolean | undefined };
  readonly stderr: DisplayStream;
  readonly env: NodeJS.ProcessEnv;
}

const usage = `Usage: bulwark <command> [flags]

Commands:
  drill    drive every client through network and service faults, bulwark side by
           side with the raw client, and print a scorecard (bulwark drill --help)
`;

/** Runs `bulwark drill`; resolves to the exit code. */
async function drill(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseDrillArgs(argv, io.env, io.stdout.isTTY === true);
  const profile = options.quick ? quickProfile : defaultProfile;
  const display = createProgressDisplay(options.progress, io.stdout);
  // Ctrl-C: give the terminal its cursor back. The services die with us (their reaper sees to it).
  const interrupted = () => {
    display.close();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  const where = options.targets === undefined ? 'starting the services' : 'starting Toxiproxy';
  display.message(`bulwark drill: ${where}...`);
  try {
    const environment = await openEnvironment(options);
    let results;
    try {
      results = await runDrill(environment, options, profile, display);
    } finally {
      await environment.close();
    }
    display.close();
    const color = options.progress === 'live' && io.env['NO_COLOR'] === undefined;
    io.stdout.write(`\n${formatScorecard(results, { color })}\n`);
    if (options.jsonPath !== undefined) {
      await writeFile(options.jsonPath, `${JSON.stringify(results, null, 2)}\n`);
      io.stdout.write(`results: ${options.jsonPath}\n`);
    }
    if (options.reportPath !== undefined) {
      const { renderReport } = await import('./report/render-report.ts');
      await writeFile(options.reportPath, renderReport(results));
      io.stdout.write(`report: ${options.reportPath}\n`);
    }
    return results.broken.length === 0 ? drillExitCodes.kept : drillExitCodes.broken;
  } finally {
    process.off('SIGINT', interrupted);
    display.close();
  }
}

/**
 * The `bulwark` command: resolves to its exit code. Every error a user can cause or meet (a bad
 * flag, an unreachable service) is one line on stderr, never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'drill') return await drill(rest, io);
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(usage);
      return command === undefined ? drillExitCodes.usage : drillExitCodes.kept;
    }
    throw new DrillUsageError(`unknown command "${command}" (try: bulwark drill)`);
  } catch (error) {
    if (error instanceof DrillHelpRequested) {
      io.stdout.write(drillUsage);
      return drillExitCodes.kept;
    }
    const hint = error instanceof DrillUsageError ? ' (see bulwark drill --help)' : '';
    io.stderr.write(`bulwark: ${oneLine(error)}${hint}\n`);
    return drillExitCodes.usage;
  }
}
