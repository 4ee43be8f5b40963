import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FLUSH_MS } from '../../service/src/process/signals';
import { repoRoot } from '../support/prerequisites';

describe('docs/errors-and-logs.md', () => {
  it('gives the flush at shutdown the limit the code has (FLUSH_MS)', () => {
    const text = readFileSync(path.join(repoRoot, 'docs/errors-and-logs.md'), 'utf8');
    // Sentences about the flush, and every duration in seconds they state.
    const sentences = text.split(/(?<=\.)\s+/).filter((s) => /flush|shutdown hooks/.test(s));
    const seconds = sentences.flatMap((s) => [...s.matchAll(/\b(\d+) s\b/g)].map((m) => m[1]));
    expect(seconds.length).toBeGreaterThanOrEqual(3);
    expect(seconds).toEqual(seconds.map(() => String(FLUSH_MS / 1000)));
  });
});
