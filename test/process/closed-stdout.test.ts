import { cpuTimeMs } from '../support/cpu-time';
import { type RunningService, startService } from '../support/service';
import { fetchWithin, pause } from '../support/wait';

/** Long enough to see a process that spins (it used ~90 % of a core), short for a test. */
const IDLE_WINDOW_MS = 3_000;

/** The share of one core the process used while nothing was asked of it. */
async function idleCpuShare(pid: number): Promise<number> {
  const cpuBefore = cpuTimeMs(pid);
  const startedAt = performance.now();
  await pause(IDLE_WINDOW_MS);
  return (cpuTimeMs(pid) - cpuBefore) / (performance.now() - startedAt);
}

/** Requests that each write a log line; every one must be answered 200, promptly. */
async function statuses(service: RunningService, count: number): Promise<number[]> {
  const answered: number[] = [];
  for (let i = 0; i < count; i += 1)
    answered.push((await fetchWithin(`${service.url}/api/activities/home`, 2_000)).status);
  return answered;
}

/**
 * The reader of the service's stdout goes away (the parent of `npm start` exits, a log
 * shipper dies): stdout is then a dependency that has failed, which must neither stop the
 * service, nor slow its requests, nor keep a core busy.
 */
describe('a closed stdout', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop('SIGKILL');
  });

  it('drops the log lines, says so once on stderr, and keeps answering without using CPU', async () => {
    service = await startService();
    service.process.stdout?.destroy();

    expect(await statuses(service, 20)).toEqual(Array(20).fill(200));
    expect(await idleCpuShare(service.process.pid as number)).toBeLessThan(0.2);
    expect(await statuses(service, 5)).toEqual(Array(5).fill(200));
    expect(service.warnings('stdout write')).toEqual([
      expect.objectContaining({ level: 'warn', error: expect.stringContaining('EPIPE') }),
    ]);
  });

  it('keeps answering when stderr, where that would be said, is closed too', async () => {
    service = await startService();
    service.process.stdout?.destroy();
    service.process.stderr?.destroy();

    expect(await statuses(service, 20)).toEqual(Array(20).fill(200));
    expect(await idleCpuShare(service.process.pid as number)).toBeLessThan(0.2);
    expect(await statuses(service, 5)).toEqual(Array(5).fill(200));
    expect(service.process.exitCode).toBeNull();
  });
});
