import { getReaperImage } from 'testcontainers/build/reaper/reaper.js';
import { dockerRequest } from './docker-engine.ts';

/**
 * Lets testcontainers start Ryuk only where its image is already on the engine. Without it,
 * testcontainers would try to pull it before the first container, and fail where no registry
 * is reachable; bulwark's own reaper removes the run's containers then (see reaper-main.ts).
 * A choice the user made (`TESTCONTAINERS_RYUK_DISABLED`) is left as it is.
 */
export async function useRyukWhereItsImageIs(socketPath: string): Promise<'ryuk' | 'bulwark'> {
  const chosen = process.env['TESTCONTAINERS_RYUK_DISABLED'];
  if (chosen !== undefined) return chosen === 'true' ? 'bulwark' : 'ryuk';
  const image = await dockerRequest(socketPath, 'GET', `/images/${getReaperImage()}/json`);
  if (image.status === 200) return 'ryuk';
  process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
  return 'bulwark';
}
