/**
 * The one place that pins every service version the test kit runs: the Docker image used when
 * a Docker engine is available, and the local stand-in used when it is not (a Debian package,
 * or a Go module that `scripts/install-services` builds with `go install`).
 *
 * `scripts/install-services` reads this file (through `tools.ts`), so bumping a version here is
 * all it takes: the next `npm run setup` builds the new binary into a new folder.
 *
 * @packageDocumentation
 */

/** A service that runs locally from a binary built with `go install <goModule>@<goVersion>`. */
export interface GoToolPin {
  /** Docker image used instead of the binary when a Docker engine is available. */
  readonly image: string;
  /** Package path of the `main` package, as given to `go install`. */
  readonly goModule: string;
  /** A released tag, never `latest`: the build must be the same on every machine. */
  readonly goVersion: string;
  /** Name of the installed binary (`go install` names it after the package folder). */
  readonly binary: string;
}

/** A service that runs locally from a Debian package. */
export interface DebianPackagePin {
  /** Docker image used instead of the package when a Docker engine is available. */
  readonly image: string;
  /** Debian 12 (bookworm) package that provides the server binaries. */
  readonly debianPackage: string;
}

/** Every pinned version, by service. */
export const pinned = {
  postgres: {
    // Major 15 because Debian 12 ships postgresql-15, so Docker and local runs test the same
    // server; 15.18 is the minor Debian 12 ships today.
    image: 'postgres:15.18-bookworm',
    debianPackage: 'postgresql-15',
  },
  redis: {
    // 7.0.15 is exactly what Debian 12's redis-server package ships, for the same reason.
    image: 'redis:7.0.15-bookworm',
    debianPackage: 'redis-server',
  },
  s3: {
    // MinIO's last community release. The Go module proxy refuses it ("This module version
    // is not available"), so without Docker the local binary is versitygw instead.
    image: 'minio/minio:RELEASE.2025-10-15T17-29-55Z',
    // versitygw: a real S3 gateway (posix backend) that checks SigV4 signatures, so a wrong
    // secret fails here as it does against AWS. v1.8.0 is the newest release the module proxy
    // lists (`go list -m -versions github.com/versity/versitygw`, November 2026).
    goModule: 'github.com/versity/versitygw/cmd/versitygw',
    goVersion: 'v1.8.0',
    binary: 'versitygw',
  },
  toxiproxy: {
    // Image and binary are the same release, so fault injection behaves the same under Docker
    // and locally; v2.12.0 builds from the module proxy with Go 1.26.
    image: 'ghcr.io/shopify/toxiproxy:2.12.0',
    goModule: 'github.com/Shopify/toxiproxy/v2/cmd/server',
    goVersion: 'v2.12.0',
    // `go install` names it `server`; installed under Toxiproxy's usual name instead.
    binary: 'toxiproxy-server',
  },
} as const satisfies {
  readonly postgres: DebianPackagePin;
  readonly redis: DebianPackagePin;
  readonly s3: GoToolPin;
  readonly toxiproxy: GoToolPin;
};
