import { describe, expect, it } from 'vitest';
import { renderHeader, renderPhaseTable, renderVerdict } from './report-header.ts';
import { sampleResults } from './sample-results.ts';

describe('renderHeader', () => {
  it('says when, how long, how and with which deadline', () => {
    const html = renderHeader(sampleResults({ quick: true }), undefined);
    expect(html).toContain('2026-11-24 09:30:00 UTC');
    expect(html).toContain('<dt>duration</dt><dd>1 min 36 s</dd>');
    expect(html).toContain('<dt>mode</dt><dd>embedded</dd>');
    expect(html).toContain('<dt>quick</dt><dd>yes</dd>');
    expect(html).toContain('<dt>deadline</dt><dd>5 s</dd>');
    expect(html).not.toContain('class="note"');
  });

  it('shows a note when given one', () => {
    expect(renderHeader(sampleResults({ quick: true }), 'sample data')).toContain(
      '<p class="note">sample data</p>',
    );
  });
});

describe('renderVerdict', () => {
  it('lists each broken promise with its client, phase and detail', () => {
    const html = renderVerdict([
      {
        client: 'redis',
        phase: 'blackhole',
        promise: 'no_hang',
        detail: '3 calls unsettled after 5 s',
      },
      {
        client: 's3',
        phase: undefined,
        promise: 'no_lost_write',
        detail: '2 of 900 writes missing',
      },
    ]);
    expect(html).toContain('2 promises broken');
    expect(html).toContain('<strong>redis · blackhole</strong>: no call hangs');
    expect(html).toContain('<strong>s3</strong>: no acknowledged write is lost');
    expect(html).toContain('2 of 900 writes missing');
  });
});

describe('renderPhaseTable', () => {
  it('has a row per phase with its fault and recovery times', () => {
    const html = renderPhaseTable(sampleResults({ quick: true }));
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(10);
    expect(html).toContain('<th scope="row">blackhole</th><td class="num">26 s – 32 s</td>');
  });
});
