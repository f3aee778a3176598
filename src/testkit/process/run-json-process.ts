import { spawn } from 'node:child_process';

/**
 * Runs `script` with this Node as an OS process of its own (one instance of a fleet, say),
 * its configuration as JSON in `$BULWARK_PROCESS_CONFIG`, and resolves to the JSON it prints
 * on its standard output. A process that fails rejects with the end of what it wrote on its
 * standard error.
 */
export function runJsonProcess<R>(script: string, config: object): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, BULWARK_PROCESS_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as R);
      else reject(new Error(`${script} exited with ${String(code)}: ${err.slice(-2_000)}`));
    });
  });
}

/** The configuration a process started by {@link runJsonProcess} was given. */
export function processConfig<C>(): C {
  const given = process.env['BULWARK_PROCESS_CONFIG'];
  if (given === undefined) {
    throw new Error('no $BULWARK_PROCESS_CONFIG: start this script with runJsonProcess');
  }
  return JSON.parse(given) as C;
}
