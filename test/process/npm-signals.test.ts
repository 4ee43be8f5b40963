import { spawn } from 'node:child_process';
import { freePort, isListening } from '../support/ports';
import { repoRoot } from '../support/prerequisites';
import { pause } from '../support/wait';

/**
 * Runs `npm <args>` as a person would, waits until the service serves, sends `signal` to
 * npm's own process and resolves with npm's exit code, the port's state after it exited and
 * what the service logged.
 */
async function signalNpm(args: string[], signal: NodeJS.Signals) {
  const port = await freePort();
  const npm = spawn('npm', args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', OTEL_TRACES_EXPORTER: 'none' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that a failing run cleans up whatever npm left behind.
    detached: true,
  });
  let output = '';
  npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  npm.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  try {
    const deadline = Date.now() + 60_000;
    while (!(await isListening(port))) {
      if (npm.exitCode !== null || Date.now() > deadline)
        throw new Error(`not serving:\n${output}`);
      await pause(100);
    }
    npm.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => (timer = setTimeout(resolve, 15_000, 'still running'))),
    ]);
    clearTimeout(timer);
    return { code, stillListening: await isListening(port), output };
  } finally {
    try {
      process.kill(-(npm.pid ?? 0), 'SIGKILL');
    } catch {
      // the group has already exited
    }
  }
}

// npm runs a script through a shell; the scripts exec into the service (or tsx), so the
// signal npm forwards reaches it and nothing is left serving once npm has exited.
describe.each(['start', 'run dev'])('npm %s', (command) => {
  const args = command.split(' ');
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'passes %s to the service, which drains and exits; nothing is left serving',
    async (signal) => {
      const { code, stillListening, output } = await signalNpm(args, signal);
      expect({ code, stillListening }).toEqual({ code: 0, stillListening: false });
      const stopped = output.split('\n').filter((line) => line.includes('stopped'));
      expect(output).toContain(signal);
      expect(stopped).toEqual([expect.stringContaining('drained')]);
    },
    90_000,
  );
});
