/**
 * Server settings of every test PostgreSQL, local or in Docker, as `-c name=value` flags:
 * durability is off because test data is thrown away, and there are connections enough for
 * parallel workers and pool-exhaustion tests.
 */
export const testPostgresSettings: readonly string[] = [
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'max_connections=300',
].flatMap((setting) => ['-c', setting]);
