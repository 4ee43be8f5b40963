import { chargeByOwner, GC, otherOwners, tracingParts } from '../../bench/profile';

/** A call tree: (root) → koa → node:_http_outgoing → (native) writev, and OTel beside it. */
const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});
const profile = {
  nodes: [
    frame(1, '(root)', '', [2, 6, 8, 9]),
    frame(2, 'respond', '/app/node_modules/koa/lib/application.js', [3, 5]),
    frame(3, 'end', 'node:_http_outgoing', [4]),
    frame(4, 'writev', ''),
    frame(5, 'startSpan', '/app/node_modules/@opentelemetry/sdk-trace/dist/index.cjs', [7]),
    frame(6, GC, ''),
    frame(7, 'serialize', '/app/node_modules/@opentelemetry/otlp-transformer/dist/x.cjs'),
    frame(8, '(idle)', ''),
    frame(9, 'serverSpan', '/app/dist/http/server-span.js'),
  ],
  // Sample leaves, each lasting timeDeltas[i] µs.
  samples: [4, 4, 5, 7, 6, 8, 9],
  timeDeltas: [100, 100, 40, 30, 20, 500, 10],
};

describe('the bench profile breakdown', () => {
  const byOwner = chargeByOwner(profile, 10);

  it('charges Node internals and native frames to the package that called them, per request', () => {
    expect(byOwner.get('koa')).toBe(20);
    expect(byOwner.get('@opentelemetry/sdk-trace')).toBe(4);
    expect(byOwner.get('@opentelemetry/otlp-transformer')).toBe(3);
    expect(byOwner.get(GC)).toBe(2);
    expect(byOwner.get('dist/http/server-span.js')).toBe(1);
  });

  it('leaves idle time out', () => {
    expect([...byOwner.values()].reduce((sum, value) => sum + value, 0)).toBe(30);
  });

  it('groups tracing owners into parts and leaves the app and GC out of them', () => {
    expect(tracingParts(byOwner)).toMatchObject({
      'span creation, attributes, processors': 4,
      'OTLP encoding': 3,
      'server span middleware': 1,
      'OTLP transport': 0,
    });
  });

  it('keeps the owners no part names apart, without GC', () => {
    expect(otherOwners(byOwner)).toEqual({ koa: 20 });
  });
});
