import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { descendants } from '../../bench/process-tree';
import { describeWith, missingTools, repoRoot } from '../support/prerequisites';
import { until } from '../support/wait';

jest.setTimeout(120_000);

const CGROUPS = '/sys/fs/cgroup/memory';
const cgroupsOf = (pid: number) =>
  existsSync(CGROUPS)
    ? readdirSync(CGROUPS).filter((name) => name.startsWith(`cruddur-bench-${pid}-`))
    : [];

describeWith(
  missingTools('otelcol-cruddur', 'xray'),
  'an interrupted bench (bench/interrupt.ts)',
  () => {
    it('stops every process it started and removes their cgroups on SIGTERM', async () => {
      // The interleaved part alone, as short as it goes: by its first turn the Collector, the
      // X-Ray daemon, the stand-ins and a server per case are all running.
      const bench = spawn(
        path.join(repoRoot, 'node_modules/.bin/tsx'),
        [path.join(repoRoot, 'bench/run.ts')],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            BENCH_ONLY: 'paired',
            BENCH_PAIRED_PROCESSES: '1',
            BENCH_PAIRED_ROUNDS: '1',
            BENCH_PAIRED_SECONDS: '1',
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      bench.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => bench.once('exit', resolve));
      await until(
        () => (stderr.includes('bench: interleaved') ? true : undefined),
        'a turn',
        90_000,
      );
      // tsx runs the bench in a child of its own: that node process is the one signalled.
      const started = descendants(bench.pid as number);
      expect(started.length).toBeGreaterThan(6);
      const runner = started[0] as number;
      if (existsSync(CGROUPS)) expect(cgroupsOf(runner).length).toBeGreaterThan(0);
      process.kill(runner, 'SIGTERM');
      expect(await exited).not.toBe(0);
      expect(stderr).toContain('bench: SIGTERM, stopping what it started');
      expect(started.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
      expect(cgroupsOf(runner)).toEqual([]);
    });
  },
);
