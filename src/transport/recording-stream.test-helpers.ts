import { Writable } from 'node:stream';

/**
 * A socket stand-in that records each write it is given as one batch (one entry per system
 * call): a write alone, or every chunk a corked stream hands over at once.
 */
export function recordingStream(): { stream: Writable; batches: string[][] } {
  const batches: string[][] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      batches.push([chunk]);
      done();
    },
    writev(chunks, done) {
      batches.push(chunks.map(({ chunk }) => String(chunk)));
      done();
    },
  });
  return { stream, batches };
}
