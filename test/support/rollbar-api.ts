import { RecordingServer } from './recording-server';

export interface RollbarItem {
  accessToken: string | undefined;
  raw: string;
  data: {
    level: string;
    environment: string;
    code_version?: string;
    context?: string;
    body: {
      trace_chain?: { exception: { class: string; message: string } }[];
      message?: { body: string; [key: string]: unknown };
    };
    request?: { url: string; method: string; headers: Record<string, string> };
    person?: { id: string; username?: string };
    custom?: Record<string, string>;
    server?: { host: string };
  };
}

/** Rollbar's item API (POST /api/1/item/), recording what the notifier sends. */
export async function startRollbarApi(): Promise<{
  server: RecordingServer;
  endpoint: string;
  items: () => RollbarItem[];
}> {
  const server = await RecordingServer.start(() => ({
    status: 200,
    body: { err: 0, result: { id: null, uuid: '7f5f3b6c-0000-4000-8000-000000000000' } },
  }));
  return {
    server,
    endpoint: `${server.url}/api/1/item/`,
    items: () =>
      server.requests
        .filter((r) => r.method === 'POST' && r.path.startsWith('/api/1/item/'))
        .map((r) => {
          const header = r.headers['x-rollbar-access-token'];
          return {
            accessToken: Array.isArray(header) ? header[0] : header,
            raw: r.raw,
            data: (JSON.parse(r.raw) as { data: RollbarItem['data'] }).data,
          };
        }),
  };
}
