import { type Case, UNSAMPLED_PARENT } from '../../bench/cases';
import { spanPathBench } from '../../bench/span-path';
import { removeCgroups } from '../../bench/support';
import { OtlpReceiver } from '../support/otlp-receiver';

/**
 * bench/socketless-requests.cjs measures the request path's telemetry without sockets: it must drive
 * the service's real middleware, so that its figures are the service's and not a model's.
 */
describe('the bench: the request path with no socket', () => {
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    // The children ran in memory cgroups of their own, as the bench's do.
    removeCgroups();
  });

  it('sends each request through the server span middleware, and an unsampled caller through none', async () => {
    const otlp = {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpEndpoint,
    };
    const cases: Case[] = [
      { id: 'off', name: 'off', env: { OTEL_SDK_DISABLED: 'true' } },
      { id: 'unsampled', name: 'unsampled', env: otlp, headers: { traceparent: UNSAMPLED_PARENT } },
      { id: 'full', name: '100%', env: otlp },
    ];
    // A warm-up round, then two, of 50 requests in every case.
    const result = await spanPathBench(cases, { processes: 1, rounds: 2, requests: 50 });

    for (const id of ['off', 'unsampled', 'full'] as const) {
      expect(result.micros[id]).toHaveLength(2);
      for (const micros of result.micros[id] ?? []) expect(micros).toBeGreaterThan(0);
    }
    const spans = receiver.spans;
    expect(spans).toHaveLength(150);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(150);
    expect(spans[0]).toMatchObject({
      name: 'GET /api/activities/home',
      attributes: {
        'http.route': '/api/activities/home',
        'http.response.status_code': 200,
        'enduser.id': 'andrewbrown',
      },
    });
  });
});
