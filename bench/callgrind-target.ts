// The program instructions-per-call.ts runs under callgrind: `node callgrind-target.ts <id>
// <warm-up calls> <calls>` makes one contender, warms it up, then makes `calls` calls one after
// another and ends. Two runs that differ only in `calls` differ only by those calls'
// instructions: start-up, module loading and the JIT's compiles, all in the warm-up, cancel in
// the difference.
import { contender } from './core-contenders.ts';

const [id = '', warmUpArg = '', callsArg = ''] = process.argv.slice(2);
const warmUpCalls = count('warm-up calls', warmUpArg);
const calls = count('calls', callsArg);
const { call, dispose } = contender(id).make();
// One loop for both phases, so the counted calls run the loop the warm-up already optimised.
const run = async (count: number) => {
  for (let i = 0; i < count; i++) await call();
};
await run(warmUpCalls);
await run(calls);
dispose();

function count(what: string, arg: string): number {
  const n = Number(arg);
  if (arg === '' || !Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(`${what} must be a whole number >= 0, got ${JSON.stringify(arg)}`);
  }
  return n;
}
