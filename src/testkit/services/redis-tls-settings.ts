/** Where a TLS Redis finds its certificates, and what else sets it apart. */
export interface RedisTlsSettings {
  readonly port: number;
  readonly password: string;
  /** Paths, as the server sees them, of the CA's certificate and the server's own. */
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/**
 * The redis.conf lines both providers give the TLS Redis: TLS alone on `port` (`port 0` shuts
 * the plain listener), a client certificate asked for but optional (`tls-auth-clients
 * optional`: one the CA signed is accepted, none is accepted too, any other is refused), a
 * password, and nothing written to disk.
 */
export function redisTlsSettings(settings: RedisTlsSettings): string[] {
  return [
    'port 0',
    `tls-port ${settings.port}`,
    `tls-cert-file ${settings.serverCert}`,
    `tls-key-file ${settings.serverKey}`,
    `tls-ca-cert-file ${settings.ca}`,
    'tls-auth-clients optional',
    `requirepass ${settings.password}`,
    'save ""',
    'appendonly no',
  ];
}
