import type { DrillSide } from '../drill/drill-results.ts';

/**
 * The report's colours, in one place so the CSS legend swatches and the SVG lines agree.
 * Bulwark and raw are blue and orange, which stay apart for the common colour blindnesses;
 * fault shading is grey so colour is left for the data.
 */
export const sideColors: Readonly<Record<DrillSide, string>> = {
  bulwark: '#1d4ed8',
  raw: '#ea580c',
};

/**
 * Breaker states as the core names them; any other state is drawn in `other`. Closed is the
 * normal state, so it is pale and the open and half-open bands stand out.
 */
export const breakerColors = {
  closed: '#bbf7d0',
  open: '#dc2626',
  half_open: '#f59e0b',
  isolated: '#7c3aed',
  other: '#64748b',
} as const;

/** bulwark's own load figures, apart from the sides' colours: hedges and its limit. */
export const loadColors = {
  hedges: '#059669',
  limit: '#7c3aed',
} as const;

export const chartColors = {
  text: '#334155',
  muted: '#64748b',
  grid: '#e2e8f0',
  axis: '#94a3b8',
  fault: '#e2e8f0',
  recovery: '#f1f5f9',
  deadline: '#b91c1c',
} as const;
