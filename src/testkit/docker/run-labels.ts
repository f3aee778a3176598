/** The label every container of a run carries, with the run's id as its value. */
export const runLabel = 'org.bulwark.run';

/** The label that names the service a container runs (`postgres`, `redis`, `s3`, `toxiproxy`). */
export const serviceLabel = 'org.bulwark.service';

/** The label that says where the run's folder is, for the next run's sweep to ask its owner. */
export const runDirLabel = 'org.bulwark.run-dir';

/** The network of a run: its containers reach each other there and no other run's. */
export function runNetworkName(runId: string): string {
  return `bulwark-${runId}`;
}
