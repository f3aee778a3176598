/** Resolves once `now()` reaches `atMs` (at once if it has already). */
export function sleepUntil(now: () => number, atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - now())));
}
