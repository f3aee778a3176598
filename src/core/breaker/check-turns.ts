/** What a turn tells: whether this instance checks now, and how often the fleet has closed. */
export interface CheckTurn {
  /** True: this instance runs the check; false: another one has the turn. */
  readonly mine: boolean;
  /**
   * How many times an instance of the fleet has closed its circuit after a probe, so far; a
   * count that grew since this circuit opened means the upstream serves again. Negative when
   * unknown (the coordination did not answer). A count that changed since this circuit opened means the upstream serves again.
   */
  readonly closings: number;
}

/**
 * Turn-taking for recovery checks among the instances of a fleet (bulwark/fleet's
 * `createFleetProbes`, on Redis): while their circuits are open, one instance at a time checks
 * the upstream, so the fleet sends it the checks of one instance; and when one instance's probe
 * closes its circuit, the others close theirs without probing. When the coordination does not
 * answer, each instance decides alone, as without it.
 */
export interface CheckTurns {
  /** Takes the turn for the next `intervalMs`, unless another instance has it. Never rejects. */
  takeTurn(intervalMs: number): Promise<CheckTurn>;
  /** This instance's probe closed its circuit: the fleet is told. Never throws. */
  closed(): void;
}
