/**
 * Where tracing's CPU goes: a sampling CPU profile of the service under load, taken through
 * the DevTools protocol over the measured window only (not start-up), with each sample
 * charged to the first package or project file from the leaf up (Node's internals and
 * native frames count for whoever called them), then grouped into tracing's parts.
 */
import type { Devtools } from '../test/support/inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Tracing's parts, by the package or project file that owns the CPU time. */
const PARTS: [part: string, owners: RegExp][] = [
  ['sampling', /@opentelemetry\/sampler-|^dist\/telemetry\/sampler/],
  ['server span middleware', /^dist\/http\/server-span|^dist\/services\/span/],
  ['log lines: trace fields', /^dist\/telemetry\/log-correlation/],
  [
    'context propagation',
    /@opentelemetry\/(context-async-hooks|api|propagator-)|^dist\/telemetry\/propagation/,
  ],
  [
    'span creation, attributes, processors',
    /@opentelemetry\/(sdk-trace|core|id-generator|resources)|^dist\/telemetry\/(span-accounting|exception-scrubber)/,
  ],
  ['OTLP encoding', /@opentelemetry\/otlp-transformer|protobufjs/],
  [
    'OTLP transport',
    /@opentelemetry\/(otlp-exporter-base|exporter-|otlp-grpc|instrumentation-http|instrumentation)\b|@grpc\//,
  ],
];
export const GC = '(garbage collector)';

function owner(url: string, functionName: string): string | undefined {
  if (!url) return functionName === GC ? GC : undefined;
  if (url.startsWith('node:')) return undefined;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const dist = url.split('/dist/')[1];
  return dist ? `dist/${dist}` : url;
}

/** CPU µs per request by owner (packages, project files, GC), for `requests` in the window. */
export function chargeByOwner(profile: CpuProfile, requests: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const charged = new Map<string, number>();
  profile.samples.forEach((leaf, index) => {
    if (byId.get(leaf)?.callFrame.functionName === '(idle)') return;
    let who = 'other';
    for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)?.callFrame;
      const found = frame && owner(frame.url, frame.functionName);
      if (found) {
        who = found;
        break;
      }
    }
    charged.set(who, (charged.get(who) ?? 0) + (profile.timeDeltas[index] ?? 0) / requests);
  });
  return charged;
}

const partOf = (who: string) => PARTS.find(([, pattern]) => pattern.test(who))?.[0];

/** Tracing's parts in µs per request (garbage collection is reported apart, against untraced). */
export function tracingParts(byOwner: Map<string, number>): Record<string, number> {
  const parts: Record<string, number> = Object.fromEntries(PARTS.map(([part]) => [part, 0]));
  for (const [who, micros] of byOwner) {
    const part = partOf(who);
    if (part) parts[part] = (parts[part] ?? 0) + micros;
  }
  return parts;
}

/**
 * Everything else the profile holds, by owner (Koa, Node's internals, logging, the app):
 * what tracing makes them spend beyond untraced is the part of its cost no part names.
 */
export function otherOwners(byOwner: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...byOwner].filter(([who]) => who !== GC && !partOf(who)));
}

/** Profiles the process while `work` runs; resolves with what `work` returned and the profile. */
export async function profiled<T extends { requests: number }>(
  session: Devtools,
  work: () => Promise<T>,
): Promise<{ result: T; byOwner: Map<string, number> }> {
  await session.call('Profiler.enable');
  await session.call('Profiler.setSamplingInterval', { interval: 200 });
  await session.call('Profiler.start');
  const result = await work();
  const { profile } = (await session.call('Profiler.stop')) as { profile: CpuProfile };
  await session.call('Profiler.disable');
  return { result, byOwner: chargeByOwner(profile, result.requests) };
}
