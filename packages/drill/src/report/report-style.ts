import { breakerColors, chartColors, loadColors, sideColors } from './palette.ts';

/**
 * The report's whole stylesheet, inlined into the page: a light theme with system fonts only,
 * so the file looks the same opened offline, attached to a ticket or screenshotted in CI.
 */
export const reportStyle = `
:root { color-scheme: light; --text: #0f172a; --muted: ${chartColors.muted}; --line: #e2e8f0; }
* { box-sizing: border-box; }
body { margin: 0; background: #f8fafc; color: var(--text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 12px; }
.note { margin: 0 0 8px; color: #92400e; background: #fef3c7; display: inline-block; padding: 2px 10px; border-radius: 6px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 12px 0 16px; }
.facts div { display: flex; flex-direction: column; }
.facts dt { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.verdict { border-radius: 10px; padding: 12px 18px; margin: 0 0 20px; border: 1px solid; }
.verdict h2 { margin: 0 0 4px; font-size: 17px; }
.verdict p, .verdict ul { margin: 0; }
.verdict.kept { background: #f0fdf4; border-color: #86efac; color: #14532d; }
.verdict.broken { background: #fef2f2; border-color: #fca5a5; color: #7f1d1d; }
.verdict .detail { color: #991b1b; }
nav { margin: 0 0 20px; color: var(--muted); }
nav a { color: ${sideColors.bulwark}; margin-right: 14px; text-decoration: none; font-weight: 600; }
section.client, section.overview { background: #fff; border: 1px solid var(--line); border-radius: 12px;
  padding: 18px 20px 20px; margin: 0 0 24px; box-shadow: 0 1px 2px rgba(15, 23, 42, 0.04); }
.target { font-weight: 400; font-size: 14px; color: var(--muted); font-family: ui-monospace, "DejaVu Sans Mono", monospace; margin-left: 8px; }
.badge { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 999px; margin-left: 8px; vertical-align: 2px; }
.badge.kept { background: #dcfce7; color: #166534; }
.badge.broken { background: #fee2e2; color: #991b1b; }
figure { margin: 0 0 14px; }
figcaption { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 16px; margin: 0 0 2px; }
.figure-title { font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; color: var(--muted); font-size: 12.5px; }
.key { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; }
.swatch.line { width: 22px; height: 0; border-top: 3px solid; }
.swatch.line.dashed { border-top-style: dashed; border-top-width: 2px; }
.swatch.line.bulwark { border-color: ${sideColors.bulwark}; }
.swatch.line.raw { border-color: ${sideColors.raw}; }
.swatch.line.deadline { border-color: ${chartColors.deadline}; }
.swatch.line.hedges { border-color: ${loadColors.hedges}; }
.swatch.line.limit { border-color: ${loadColors.limit}; }
.swatch.area { width: 14px; height: 12px; border-radius: 2px; border: 1px solid #cbd5e1; }
.swatch.fault { background: ${chartColors.fault}; }
.swatch.recovery { background: ${chartColors.recovery}; }
.swatch.breaker-closed { background: ${breakerColors.closed}; }
.swatch.breaker-open { background: ${breakerColors.open}; }
.swatch.breaker-half_open { background: ${breakerColors.half_open}; }
svg.chart { display: block; width: 100%; height: auto; font-size: 11px; }
svg .tick { fill: ${chartColors.muted}; font-variant-numeric: tabular-nums; }
svg .axis-title, svg .row-label { fill: ${chartColors.text}; font-size: 12px; }
svg .phase-label { fill: ${chartColors.text}; font-size: 11px; font-weight: 600; }
svg .threshold { fill: ${chartColors.deadline}; font-size: 11px; }
svg .no-breaker { fill: ${chartColors.muted}; font-style: italic; }
svg .band-label { font-size: 11px; font-weight: 600; }
svg .band-solid { fill: #fff; }
svg .band-pale { fill: #14532d; }
.tables { display: grid; grid-template-columns: minmax(0, 1fr); gap: 14px; margin-top: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 5px 10px; text-align: left; border-bottom: 1px solid var(--line); }
thead th { font-size: 12px; font-weight: 600; color: var(--muted); background: #f8fafc; border-bottom-color: #cbd5e1; }
tr.phase-start > * { border-top: 1px solid #cbd5e1; }
th.phase { font-weight: 600; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
td.bad { color: #b91c1c; font-weight: 700; }
td.errors { color: #475569; }
.errors .none { color: #94a3b8; }
.kind { white-space: nowrap; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; }
.dot.bulwark { background: ${sideColors.bulwark}; }
.dot.raw { background: ${sideColors.raw}; }
table.audit { width: auto; min-width: 480px; justify-self: start; }
table.phases td:last-child { color: #475569; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
`;
