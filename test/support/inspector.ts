/** What the service's JS heap and its Buffers hold after a full garbage collection. */
export interface LiveMemory {
  heapUsedMiB: number;
  externalMiB: number;
}

/**
 * Forces a full GC in a process started with NODE_OPTIONS=--inspect=127.0.0.1:0 and reads
 * process.memoryUsage(), through the DevTools protocol. RSS alone cannot tell a leak from
 * garbage that V8 has not collected yet.
 */
export async function liveMemory(stderr: string): Promise<LiveMemory> {
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
  try {
    await call('HeapProfiler.collectGarbage');
    const { result } = (await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    const usage = JSON.parse(result.value) as NodeJS.MemoryUsage;
    return { heapUsedMiB: usage.heapUsed / 2 ** 20, externalMiB: usage.external / 2 ** 20 };
  } finally {
    socket.close();
  }
}
