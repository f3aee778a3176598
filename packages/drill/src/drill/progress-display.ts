import type { DrillProgress } from './drill-progress.ts';
import type { PhaseSpan } from './drill-results.ts';
import { phaseEndLine, phaseStartLine, progressBlock } from './format-progress.ts';

/** Where the display writes: `process.stdout`, or anything with `write`. */
export interface DisplayStream {
  write(text: string): unknown;
  /** The terminal's width, when it is one. */
  readonly columns?: number | undefined;
}

export interface ProgressDisplay {
  /** A new snapshot; the drill calls this about four times a second. */
  update(progress: DrillProgress): void;
  phaseStarted(span: PhaseSpan, index: number, count: number): void;
  /** `progress` holds the phase's totals. */
  phaseEnded(span: PhaseSpan, progress: DrillProgress): void;
  /** A line to keep, above the live block (a warning, a file written). */
  message(line: string): void;
  /** Leaves the last block on screen and gives the cursor back. Safe to call twice. */
  close(): void;
}

const ESC = '\x1b[';
const hideCursor = `${ESC}?25l`;
const showCursor = `${ESC}?25h`;
const clearLine = `${ESC}2K`;
const clearBelow = `${ESC}J`;
// Matches the escape codes a caller's message might carry (colours), to drop them in lines mode.
// eslint-disable-next-line no-control-regex -- the escape character is the point
const ansiEscape = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Plain lines for logs (CI): a line as each phase starts and ends, none for updates, and no
 * escape code at all, so the log stays short and readable.
 */
function createLinesDisplay(out: DisplayStream): ProgressDisplay {
  const print = (line: string) => out.write(`${line.replace(ansiEscape, '')}\n`);
  return {
    update() {},
    phaseStarted: (span, index, count) => print(phaseStartLine(span, index, count)),
    phaseEnded: (span, progress) => print(phaseEndLine(span, progress)),
    message: print,
    close() {},
  };
}

/**
 * A block redrawn in place: the cursor goes back up over the lines last drawn, and each line is
 * cleared and written again. Lines kept for good (phase ends, messages) are written where the
 * block was, and the block is drawn again below them. Block lines are cut to the terminal's
 * width, since a wrapped line would take two rows and the cursor would go up too few.
 */
function createLiveDisplay(out: DisplayStream): ProgressDisplay {
  let drawn = 0;
  let last: DrillProgress | undefined;
  let span: PhaseSpan | undefined;
  let cursorHidden = false;
  let closed = false;

  const paint = (kept: readonly string[]) => {
    const width = Math.max(20, (out.columns ?? 80) - 1);
    const block = last === undefined ? [] : progressBlock(last, span).map((l) => l.slice(0, width));
    let text = cursorHidden ? '' : hideCursor;
    cursorHidden = true;
    if (drawn > 0) text += `\r${ESC}${drawn}A`;
    // A kept line may wrap over several rows of the old block; clearing one row would leave the
    // rest of them showing through. Plain updates clear row by row, which does not flicker.
    if (kept.length > 0) text += clearBelow;
    for (const line of [...kept, ...block]) text += `${clearLine}${line}\n`;
    out.write(text + clearBelow);
    drawn = block.length;
  };

  return {
    update(progress) {
      if (closed) return;
      last = progress;
      paint([]);
    },
    phaseStarted(started) {
      span = started;
    },
    phaseEnded(ended, progress) {
      if (closed) return;
      last = progress;
      paint([phaseEndLine(ended, progress)]);
    },
    message(line) {
      if (closed) out.write(`${line}\n`);
      else paint([line]);
    },
    close() {
      if (closed) return;
      closed = true;
      if (cursorHidden) out.write(showCursor);
    },
  };
}

/** A progress display: `live` for a terminal, `lines` for logs and pipes. */
export function createProgressDisplay(mode: 'live' | 'lines', out: DisplayStream): ProgressDisplay {
  return mode === 'live' ? createLiveDisplay(out) : createLinesDisplay(out);
}
