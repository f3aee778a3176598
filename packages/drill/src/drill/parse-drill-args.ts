import { resolve } from 'node:path';
import type { DrillOptions } from './drill-options.ts';
import { drillClients, type DrillClient } from './drill-results.ts';
import { DrillUsageError } from './drill-usage-error.ts';
import { readDrillFlags, type DrillFlagValues } from './read-drill-flags.ts';
import { resolveDrillTargets, targetedClients } from './resolve-drill-targets.ts';

const allowedClients = drillClients.join(', ');

function stringFlag(
  flags: DrillFlagValues,
  name: 'clients' | 'report' | 'json',
): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** `--clients`, deduplicated and in the usual order. */
function parseClients(list: string): DrillClient[] {
  const asked = list
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
  if (asked.length === 0) {
    throw new DrillUsageError(`--clients: name at least one client (allowed: ${allowedClients})`);
  }
  for (const item of asked) {
    if (!(drillClients as readonly string[]).includes(item)) {
      throw new DrillUsageError(`--clients: unknown client "${item}" (allowed: ${allowedClients})`);
    }
  }
  return drillClients.filter((client) => asked.includes(client));
}

function chooseClients(
  list: string | undefined,
  targeted: readonly DrillClient[],
): readonly DrillClient[] {
  if (list === undefined) return targeted.length > 0 ? targeted : drillClients;
  const clients = parseClients(list);
  if (targeted.length === 0) return clients;
  // With a target given, the drill runs against the user's services only: it does not start
  // the rest, so a client without a target has nothing to drill.
  const untargeted = clients.find((client) => !targeted.includes(client));
  if (untargeted !== undefined) {
    throw new DrillUsageError(
      `--clients: "${untargeted}" has no target, and with a target given no service is started (targets given: ${targeted.join(', ')})`,
    );
  }
  return clients;
}

function checkReportPath(path: string | undefined): string | undefined {
  if (path !== undefined && !/\.html?$/i.test(path)) {
    throw new DrillUsageError(`--report: "${path}" must end in .html or .htm`);
  }
  return path;
}

/**
 * The options of `bulwark drill`, from the arguments after `drill`, the environment and
 * whether stdout is a terminal. A flag wins over its environment variable.
 *
 * Throws DrillHelpRequested for `--help`, and DrillUsageError, with a one-line message free of
 * secrets, for anything wrong.
 */
export function parseDrillArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  isTTY: boolean,
): DrillOptions {
  const flags = readDrillFlags(argv);
  const targeted = targetedClients(flags, env);
  const clients = chooseClients(stringFlag(flags, 'clients'), targeted);
  const reportPath = checkReportPath(stringFlag(flags, 'report'));
  const jsonPath = stringFlag(flags, 'json');
  if (
    reportPath !== undefined &&
    jsonPath !== undefined &&
    resolve(reportPath) === resolve(jsonPath)
  ) {
    throw new DrillUsageError(`--json and --report name the same file "${jsonPath}"`);
  }
  // A dumb terminal cannot move its cursor, so the live display would print every frame.
  const live = isTTY && flags.get('plain') !== true && env['TERM'] !== 'dumb';
  return {
    quick: flags.get('quick') === true,
    clients,
    targets: targeted.length > 0 ? resolveDrillTargets(clients, flags, env) : undefined,
    reportPath,
    jsonPath,
    progress: live ? 'live' : 'lines',
  };
}
