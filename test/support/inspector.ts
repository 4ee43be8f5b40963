/** A DevTools protocol session with a process started with --inspect=127.0.0.1:0. */
export interface Devtools {
  call: (method: string, params?: object) => Promise<Record<string, unknown>>;
  close: () => void;
}

/** Connects to the inspector whose URL the process printed on stderr. */
export async function devtools(stderr: string): Promise<Devtools> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
  if (!url) throw new Error('the process was not started with --inspect');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const callId = (id += 1);
      const onMessage = (event: MessageEvent) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: object };
        if (message.id !== callId) return;
        socket.removeEventListener('message', onMessage);
        resolve((message.result ?? {}) as Record<string, unknown>);
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id: callId, method, params }));
    });
  return {
    call,
    close: () => {
      socket.close();
    },
  };
}

/** What the service's JS heap and its Buffers hold after a full garbage collection. */
export interface LiveMemory {
  heapUsedMiB: number;
  externalMiB: number;
}

/**
 * Forces a full GC and reads process.memoryUsage() through the DevTools protocol. RSS
 * alone cannot tell a leak from garbage that V8 has not collected yet.
 */
export async function liveMemory(stderr: string): Promise<LiveMemory> {
  const session = await devtools(stderr);
  try {
    await session.call('HeapProfiler.collectGarbage');
    const { result } = (await session.call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const usage = JSON.parse(result.value) as NodeJS.MemoryUsage;
    return { heapUsedMiB: usage.heapUsed / 2 ** 20, externalMiB: usage.external / 2 ** 20 };
  } finally {
    session.close();
  }
}
