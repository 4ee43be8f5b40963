import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { definitionsDir, loadBoard } from '../../honeycomb/src/definitions';
import { HoneycombApiStandIn } from '../support/honeycomb-api';
import { repoRoot } from '../support/prerequisites';

const apiKey = 'hcxik_01testconfigurationkey0000000000000000';
const board = loadBoard();

/** Runs `npm run honeycomb:queries` (its tsx command) against the stand-in. */
function runSync(env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['honeycomb/src/cli.ts'], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('saved Honeycomb queries (npm run honeycomb:queries)', () => {
  let honeycomb: HoneycombApiStandIn;
  const env = () => ({ HONEYCOMB_API_KEY: apiKey, HONEYCOMB_API_ENDPOINT: honeycomb.url });
  const writes = () => honeycomb.requests.filter((r) => !r.startsWith('GET '));

  beforeEach(async () => {
    honeycomb = await HoneycombApiStandIn.start(apiKey);
  });
  afterEach(() => honeycomb.stop());

  it('creates every query with its annotation, and a board showing them in order', async () => {
    const run = await runSync(env());
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [saved] = [...honeycomb.boards.values()];
    expect(honeycomb.boards.size).toBe(1);
    expect(saved?.name).toBe(board.name);
    expect(run.stdout).toContain(`board created: https://ui.honeycomb.io/`);
    const panels = saved?.panels.map((panel) => {
      const annotation = honeycomb.annotations.get(panel.query_panel.query_annotation_id);
      const query = honeycomb.queries.get(panel.query_panel.query_id);
      return { name: annotation?.name, dataset: query?.dataset, spec: query?.spec };
    });
    const datasets = {
      backend: 'cruddur-backend',
      frontend: 'cruddur-frontend',
      environment: '__all__',
    };
    expect(panels).toEqual(
      board.queries.map((q) => ({ name: q.name, dataset: datasets[q.dataset], spec: q.spec })),
    );
    expect(honeycomb.annotations.size).toBe(board.queries.length);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
  });

  it('changes nothing when run again: finds its queries and board by name', async () => {
    await runSync(env());
    const [queries, annotations, before] = [
      honeycomb.queries.size,
      honeycomb.annotations.size,
      writes().length,
    ];
    const again = await runSync(env());
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^unchanged /gm)).toHaveLength(board.queries.length);
    expect(again.stdout).toContain('board updated: ');
    expect([honeycomb.queries.size, honeycomb.annotations.size, honeycomb.boards.size]).toEqual([
      queries,
      annotations,
      1,
    ]);
    // The only write of the second run is the board's (idempotent) PUT.
    expect(writes().slice(before)).toEqual([expect.stringMatching(/^PUT \/1\/boards\//)]);
  });

  it('replaces a changed query on the board and updates a changed description in place', async () => {
    await runSync(env());
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'honeycomb-')), 'honeycomb');
    cpSync(definitionsDir, dir, { recursive: true, filter: (source) => !source.includes('/src') });
    const p99File = path.join(dir, 'queries', 'p99-latency-by-route.json');
    const p99 = JSON.parse(readFileSync(p99File, 'utf8')) as Record<string, unknown>;
    writeFileSync(p99File, JSON.stringify({ ...p99, time_range: 86_400 }));
    const boardFile = path.join(dir, 'board.json');
    const definition = JSON.parse(readFileSync(boardFile, 'utf8')) as typeof board;
    const first = definition.queries[0];
    if (first) first.description = 'A new description.';
    writeFileSync(boardFile, JSON.stringify(definition));
    const oldP99 = [...honeycomb.annotations.values()].find(
      (a) => a.name === 'p99 latency by route',
    );

    const run = await runSync({ ...env(), HONEYCOMB_DEFINITIONS_DIR: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^replaced +p99 latency by route$/m);
    expect(run.stdout).toMatch(new RegExp(`^updated +${first?.name ?? ''}$`, 'm'));
    expect(honeycomb.annotations.size).toBe(board.queries.length);
    expect(honeycomb.annotations.has(oldP99?.id ?? '')).toBe(false);
    const newP99 = [...honeycomb.annotations.values()].find(
      (a) => a.name === 'p99 latency by route',
    );
    expect(honeycomb.queries.get(newP99?.query_id ?? '')?.spec).toMatchObject({
      time_range: 86_400,
    });
    const [saved] = [...honeycomb.boards.values()];
    expect(saved?.panels[1]?.query_panel).toMatchObject({
      query_id: newP99?.query_id,
      query_annotation_id: newP99?.id,
    });
    const annotation = [...honeycomb.annotations.values()].find((a) => a.name === first?.name);
    expect(annotation?.description).toBe('A new description.');
  });

  it('reports a rejected key (401) clearly, exits non-zero and never prints the key', async () => {
    const run = await runSync({ ...env(), HONEYCOMB_API_KEY: `${apiKey}-wrong` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Honeycomb answered 401: unknown API key.*HONEYCOMB_API_KEY/);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
    expect(writes()).toEqual([]);
  });

  it('reports rate limiting (429) clearly with when to retry, and exits non-zero', async () => {
    honeycomb.rateLimitAfter = 3;
    const run = await runSync(env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Honeycomb answered 429: .*rate limit.*reset=42/);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
  });

  it('says which variable is missing when there is no key', async () => {
    const run = await runSync({ HONEYCOMB_API_ENDPOINT: honeycomb.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'HONEYCOMB_API_KEY is required: a configuration key of the environment\n',
    );
    expect(honeycomb.requests).toEqual([]);
  });
});
