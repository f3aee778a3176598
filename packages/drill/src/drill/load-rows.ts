import type { OverloadScore, PhaseScore, TailScore } from './drill-results.ts';
import { formatCount, formatMs } from './format-score-cells.ts';

/** One figure of a load row, and the cell a broken promise marks it by. */
export interface LoadFigure {
  readonly text: string;
  readonly cell: 'readP99' | 'extraAttempts' | 'goodput' | 'servedP99' | 'refusalP99' | undefined;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const perSecond = (n: number) => `${n.toFixed(1)}/s`;

/** "reads p99 12 ms", "+4.2% attempts", "40 hedges (35 won)". */
export function tailFigures(tail: TailScore): LoadFigure[] {
  const figures: LoadFigure[] = [
    { text: `reads p99 ${formatMs(tail.readP99Ms)} ms`, cell: 'readP99' },
  ];
  if (tail.extraAttempts !== null) {
    figures.push({ text: `+${percent(tail.extraAttempts)} attempts`, cell: 'extraAttempts' });
  }
  if (tail.hedges !== null) {
    const won = tail.hedgesWon === null ? '' : ` (${formatCount(tail.hedgesWon)} won)`;
    figures.push({ text: `${formatCount(tail.hedges)} hedges${won}`, cell: undefined });
  }
  return figures;
}

/** "goodput 24.1/s of 25.0/s", "served p99 290 ms (unloaded 163)", refusals, the limit. */
export function overloadFigures(overload: OverloadScore): LoadFigure[] {
  const { goodputPerS, capacityPerS, servedP99Ms, unloadedP99Ms } = overload;
  const figures: LoadFigure[] = [
    { text: `goodput ${perSecond(goodputPerS)} of ${perSecond(capacityPerS)}`, cell: 'goodput' },
    {
      text: `served p99 ${formatMs(servedP99Ms)} ms (unloaded ${formatMs(unloadedP99Ms)})`,
      cell: 'servedP99',
    },
  ];
  if (overload.refusalP99Ms !== null) {
    const text = `${formatCount(overload.refused)} refused, p99 ${overload.refusalP99Ms.toFixed(2)} ms`;
    figures.push({ text, cell: 'refusalP99' });
  }
  if (overload.limitMin !== null && overload.limitMax !== null) {
    const range =
      overload.limitMin === overload.limitMax
        ? String(overload.limitMin)
        : `${overload.limitMin}–${overload.limitMax}`;
    figures.push({ text: `limit ${range}`, cell: undefined });
  }
  return figures;
}

/** A phase score's load figures: the tail's or the overload's; none for other phases. */
export function loadFigures(score: PhaseScore): LoadFigure[] {
  if (score.tail !== undefined) return tailFigures(score.tail);
  if (score.overload !== undefined) return overloadFigures(score.overload);
  return [];
}
