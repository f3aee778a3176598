import type { CallContext } from '../core/pipeline-events.ts';

// Whitespace, comments and opening parentheses before the first word: `(SELECT ...)`,
// `/* request 42 */ SELECT`, `-- report\nSELECT`.
const leadingWord = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*([A-Za-z]+)/;

/** Statements that only read, unless something in them writes (see {@link writesSomething}). */
const readingWords: ReadonlySet<string> = new Set([
  'SELECT',
  'SHOW',
  'VALUES',
  'TABLE',
  // WITH and EXPLAIN read unless they wrap a write (a data-modifying CTE, EXPLAIN ANALYZE of
  // an INSERT), which the word scan below catches.
  'WITH',
  'EXPLAIN',
]);

/**
 * Words that make a reading statement write: DML hidden in a CTE, `SELECT ... INTO` (creates a
 * table), `FOR UPDATE` (harmless, but we cannot tell it from DML by words alone), and functions
 * with effects a rerun would repeat (sequences, advisory locks, notifications, settings,
 * signalling other backends, large objects, remote calls). A read mistaken for a write only
 * loses its retries; a write mistaken for a read could run twice, so the list errs wide.
 */
const writesSomething =
  /\b(?:INSERT|UPDATE|DELETE|MERGE|INTO|COPY|CALL|DO|CREATE|ALTER|DROP|TRUNCATE|GRANT|REVOKE|LOCK|NEXTVAL|SETVAL|SET_CONFIG|PG_(?:TRY_)?ADVISORY\w*|PG_TERMINATE_BACKEND|PG_CANCEL_BACKEND|PG_NOTIFY|LO_\w+|DBLINK\w*)\b/i;

/**
 * The statement's first keyword in capitals (`SELECT`, `INSERT`, `WITH`), for logs and for
 * {@link isReadOnlyStatement}; an empty string when the text starts with none. Parameter values
 * are never part of it.
 */
export function leadingKeyword(text: string): string {
  return leadingWord.exec(text)?.[1]?.toUpperCase() ?? '';
}

/**
 * Whether running `text` twice has the same effect as once, as far as its words tell: SELECT,
 * SHOW, VALUES, TABLE, and WITH or EXPLAIN around a SELECT, with no writing word anywhere in the
 * text. A function with side effects called from a SELECT is invisible here: pass
 * `idempotent: false` for such a query (and `true` for a write that is safe to repeat).
 */
export function isReadOnlyStatement(text: string, keyword = leadingKeyword(text)): boolean {
  return readingWords.has(keyword) && !writesSomething.test(text);
}

/** What a call needs to know of its statement text. */
export interface StatementFacts {
  /** The first keyword (see {@link leadingKeyword}). */
  readonly keyword: string;
  /** See {@link isReadOnlyStatement}. */
  readonly readOnly: boolean;
  /** `{ statement: keyword }`, shared by every call of this text, for the call's context. */
  readonly context: CallContext;
}

// Most applications run a few hundred distinct statement texts, over and over: reading each
// once saves two regular expressions per call. Bounded, because a text built with inlined
// values is new every time.
const factsCache = new Map<string, StatementFacts>();
const factsCacheSize = 512;
const longestCachedText = 4_096;

/** The facts of `text`, read once per distinct text. */
export function statementFacts(text: string): StatementFacts {
  let facts = factsCache.get(text);
  if (facts === undefined) {
    const keyword = leadingKeyword(text);
    const context = Object.freeze({ statement: keyword });
    facts = { keyword, readOnly: isReadOnlyStatement(text, keyword), context };
    if (text.length <= longestCachedText) {
      if (factsCache.size >= factsCacheSize) factsCache.clear();
      factsCache.set(text, facts);
    }
  }
  return facts;
}
