import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { parseConfig } from '../../service/src/config';
import { freePort } from '../support/ports';
import { type RunningService, startService } from '../support/service';
import { until } from '../support/wait';
import { XRayApi } from '../support/xray-api';

const FALLBACK_RATE = parseConfig({ XRAY_SAMPLING: 'remote' }).telemetry.xraySampling
  ?.fallbackRate as number;
const fallback = new TraceIdRatioBasedSampler(FALLBACK_RATE);

/** A new trace as an ALB names it (Root only): the test knows its id, the service decides. */
function newRoot() {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  const unique = randomBytes(12).toString('hex');
  return { traceId: `${epoch}${unique}`, header: `Root=1-${epoch}-${unique}` };
}

/** A trace-id ratio sampler decides by the id alone, so the test can compute its decisions. */
function fallbackSamples(traceId: string): boolean {
  const { decision } = fallback.shouldSample(ROOT_CONTEXT, traceId);
  return decision === SamplingDecision.RECORD_AND_SAMPLED;
}

/** Whether the service sampled the request, from its `traceresponse` flags. */
async function sampled(service: RunningService, header: string): Promise<boolean> {
  const res = await fetch(`${service.url}/api/activities/notifications`, {
    headers: { 'X-Amzn-Trace-Id': header },
  });
  expect(res.status).toBe(200);
  return (res.headers.get('traceresponse') ?? '').endsWith('-01');
}

describe('X-Ray sampling before its rules arrive', () => {
  it('samples a new pod’s first 200 requests at the fallback rate when no rules can be reached', async () => {
    const service = await startService({
      XRAY_SAMPLING: 'remote',
      XRAY_SAMPLING_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    });
    try {
      const roots = Array.from({ length: 200 }, newRoot);
      const decisions: boolean[] = [];
      for (const root of roots) decisions.push(await sampled(service, root.header));
      const expected = roots.map((root) => fallbackSamples(root.traceId));
      process.stderr.write(
        `fallback: ${decisions.filter(Boolean).length} of 200 sampled (rate ${FALLBACK_RATE})\n`,
      );
      expect(decisions).toEqual(expected);
    } finally {
      await service.stop();
    }
  });

  it('polls again within seconds when the poll at start fails, then samples by the rules', async () => {
    const xray = await XRayApi.start();
    xray.rules = [{ RuleName: 'Nothing', Priority: 1, FixedRate: 0, ReservoirSize: 0 }];
    // The daemon not up yet, or X-Ray refusing: the poll made at start fails.
    xray.failRulesCalls = 1;
    const service = await startService({
      XRAY_SAMPLING: 'remote',
      XRAY_SAMPLING_ENDPOINT: xray.endpoint,
    });
    const polls = () => xray.calls.filter((call) => call.path === '/GetSamplingRules').length;
    /** A Root the fallback would sample: unsampled, it shows the rule (sample nothing) applies. */
    const rootTheFallbackSamples = () => {
      for (;;) {
        const root = newRoot();
        if (fallbackSamples(root.traceId)) return root;
      }
    };
    try {
      await until(() => (polls() >= 1 ? true : undefined), 'the poll at start');
      const failedAt = Date.now();
      // The library alone polls again a minute later; the service retries after 1 s.
      await until(() => (polls() >= 2 ? true : undefined), 'a second poll', 5_000);
      process.stderr.write(`rules: polled again ${Date.now() - failedAt} ms after the failure\n`);
      await until(
        async () => ((await sampled(service, rootTheFallbackSamples().header)) ? undefined : true),
        'the rule to apply',
        2_000,
      );
      for (let i = 0; i < 20; i += 1)
        expect(await sampled(service, rootTheFallbackSamples().header)).toBe(false);
    } finally {
      await service.stop();
      await xray.stop();
    }
  });
});
