import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestKitSetupError } from '../testkit-setup-error.ts';
import { findOpenssl } from '../tools.ts';

const run$ = promisify(execFile);

/** PEM texts of one run's CA, a server certificate and a client certificate it signed. */
export interface TestCertificates {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  /** The same, as files in the folder they were made in (keys with mode 0600). */
  readonly files: {
    readonly ca: string;
    readonly serverCert: string;
    readonly serverKey: string;
  };
}

/** Short-lived: they serve one run, and a leaked one is worthless a day later. */
const validDays = '2';

/**
 * Makes a CA for this run alone with `openssl`, a server certificate it signs for
 * `serverHosts` (IP addresses and DNS names alike) and a client certificate it signs, in `dir`
 * (openssl writes the keys with mode 0600). Elliptic-curve keys (P-256): milliseconds to make,
 * where RSA keys take a while.
 */
export async function makeTestCertificates(
  dir: string,
  serverHosts: readonly string[],
): Promise<TestCertificates> {
  mkdirSync(dir, { recursive: true });
  const openssl = findOpenssl();
  // A config of our own, so the machine's openssl.cnf adds no extension we did not ask for.
  const config = join(dir, 'openssl.cnf');
  writeFileSync(config, '[req]\ndistinguished_name = dn\n[dn]\n');
  const file = (name: string) => join(dir, name);
  const make = async (name: string, subject: string, extensions: readonly string[]) => {
    const args = ['req', '-config', config, '-x509', '-nodes', '-days', validDays];
    args.push('-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1');
    args.push('-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-subj', subject);
    // Signed by the CA (OpenSSL 3's `req -CA`), unless this is the CA itself.
    if (name !== 'ca') args.push('-CA', file('ca.crt'), '-CAkey', file('ca.key'));
    for (const extension of extensions) args.push('-addext', extension);
    await run$(openssl, args).catch((error: Error & { stderr?: string }) => {
      throw new TestKitSetupError(
        `openssl could not make the test ${name} certificate in ${dir}: ${error.stderr ?? error.message}`,
      );
    });
  };
  await make('ca', '/CN=bulwark test CA', [
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const leaf = 'basicConstraints=critical,CA:FALSE';
  const names = [...new Set(serverHosts)].map((host) => `${isIP(host) ? 'IP' : 'DNS'}:${host}`);
  await Promise.all([
    make('server', '/CN=bulwark test server', [
      leaf,
      `subjectAltName=${names.join(',')}`,
      'extendedKeyUsage=serverAuth',
    ]),
    make('client', '/CN=bulwark test client', [leaf, 'extendedKeyUsage=clientAuth']),
  ]);
  // Nothing more is signed: the CA's key goes, so no one can make another certificate it signs.
  rmSync(file('ca.key'));
  const pem = (name: string) => readFileSync(file(name), 'utf8');
  return {
    ca: pem('ca.crt'),
    serverCert: pem('server.crt'),
    serverKey: pem('server.key'),
    clientCert: pem('client.crt'),
    clientKey: pem('client.key'),
    files: { ca: file('ca.crt'), serverCert: file('server.crt'), serverKey: file('server.key') },
  };
}
