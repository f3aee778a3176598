/** How `bulwark drill` exits; the usage text lists these, and CI scripts branch on them. */
export const drillExitCodes = {
  /** Bulwark kept every promise. */
  kept: 0,
  /** Bulwark broke at least one promise (results.broken is not empty). */
  broken: 1,
  /** Bad usage, or a service the drill could not reach before it started. */
  usage: 2,
} as const;
