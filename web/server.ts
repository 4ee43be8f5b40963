import path from 'node:path';
import * as esbuild from 'esbuild';
import type { WebConfig } from './config';

const publicDir = path.join(__dirname, 'public');

export interface WebServer {
  url: string;
  stop: () => Promise<void>;
}

/**
 * Serves the page with esbuild's own server: web/public as it is, plus main.js bundled
 * from web/src in memory (rebuilt when a source changes), with the page's settings
 * compiled in as the CRUDDUR_WEB constant.
 */
export async function serveWeb(config: WebConfig): Promise<WebServer> {
  const context = await esbuild.context({
    entryPoints: [path.join(__dirname, 'src', 'main.ts')],
    bundle: true,
    outdir: publicDir,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
    define: { CRUDDUR_WEB: JSON.stringify(config.page) },
    // Served from memory only: nothing is written into web/public.
    write: false,
  });
  await context.watch();
  const { port } = await context.serve({
    host: config.host,
    port: config.port,
    servedir: publicDir,
  });
  return {
    url: `http://${config.host}:${port}`,
    stop: () => context.dispose(),
  };
}
