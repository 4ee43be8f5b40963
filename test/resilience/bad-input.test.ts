import { type BadInput, badInputCorpus, send } from '../support/bad-input';
import { type LiveMemory, liveMemory } from '../support/inspector';
import { OtlpReceiver } from '../support/otlp-receiver';
import { type RunningService, startService } from '../support/service';

jest.setTimeout(180_000);

// A fixed seed keeps the corpus the same from run to run; set CORPUS_SEED to explore others.
const SEED = Number(process.env.CORPUS_SEED ?? 20261128);
const corpus = badInputCorpus(SEED);
const PASSES = 3;

async function sendAll(port: number, inputs: BadInput[]): Promise<number[]> {
  const statuses: number[] = new Array<number>(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < inputs.length; i = next++) {
      statuses[i] = await send(port, (inputs[i] as BadInput).request);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return statuses;
}

function unexpected(inputs: BadInput[], statuses: number[]): string[] {
  return inputs.flatMap((input, i) => {
    const status = statuses[i] ?? 0;
    const fine =
      input.expect === '4xx' ? status >= 400 && status < 500 : status >= 200 && status < 300;
    return fine
      ? []
      : [`${status} for ${input.kind}: ${input.request.toString('latin1').slice(0, 160)}`];
  });
}

describe(`a generated corpus of ${corpus.length} bad requests (seed ${SEED})`, () => {
  let receiver: OtlpReceiver;
  let service: RunningService;
  const memory: LiveMemory[] = [];
  let before: string[];

  const snapshot = () =>
    Promise.all(
      ['/api/activities/home', '/api/message_groups', '/api/messages/@worf'].map(async (path) =>
        (await fetch(`${service.url}${path}`)).text(),
      ),
    );

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    // The inspector lets the test force a full GC before reading memory.
    service = await startService({
      ...receiver.serviceEnv(),
      NODE_OPTIONS: '--inspect=127.0.0.1:0',
    });
    before = await snapshot();
  });

  afterAll(async () => {
    await service.stop();
    await receiver.stop();
  });

  it('answers every one with a 4xx (or, for a bad trace context only, as if it were absent)', async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    const kinds = new Set(corpus.map((input) => input.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(9);
    for (let pass = 0; pass < PASSES; pass += 1) {
      const statuses = await sendAll(service.port, corpus);
      expect(unexpected(corpus, statuses)).toEqual([]);
      memory.push(await liveMemory(service.stderr()));
    }
  });

  it('stays up, reports no error, and has changed nothing', async () => {
    expect(service.process.exitCode).toBeNull();
    expect((await fetch(`${service.url}/api/health`)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect(service.stdout()).not.toContain('"level":"error"');
  });

  it('holds no more live memory after the last pass than after the first', () => {
    // The first pass warms up (JIT, lazily loaded code); a leak of even 1 KiB per request
    // would add more than 2 MiB over the passes after it.
    const [first, , last] = memory;
    expect(last).toBeDefined();
    expect((last as LiveMemory).heapUsedMiB - (first as LiveMemory).heapUsedMiB).toBeLessThan(2);
    expect((last as LiveMemory).externalMiB - (first as LiveMemory).externalMiB).toBeLessThan(2);
  });

  it('exports every span it ended, with no encoding failure', async () => {
    expect(await service.stop()).toBe(0);
    const account = service.spanAccount();
    expect(account).toMatchObject({ exporter: 'otlp', failed: 0, dropped: 0 });
    expect(account?.ended).toBeGreaterThan(0);
    expect(account?.exported).toBe(account?.ended);
  });
});
