import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, ConsoleMessage, Page, Response } from 'playwright-core';
import { loadBoard } from '../../honeycomb/src/definitions';
import { serveWeb, type WebServer } from '../../web/server';
import { closeChromium, launchChromium, missingChromium } from '../support/browser';
import { type CollectorProcess, startCollectorProcess } from '../support/collector-process';
import { honeycombColumns, referencedColumns } from '../support/honeycomb-columns';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { freePort } from '../support/ports';
import { describeWith, missingTools, repoRoot } from '../support/prerequisites';
import { type RunningService, startService } from '../support/service';
import { renderJoinedTrace } from './joined-trace';
import { traceWaterfallHtml } from './trace-waterfall';

const SERVER = 2;
const CLIENT = 3;
const artifacts = path.join(repoRoot, 'test-artifacts', 'web');
const service = (span: ReceivedSpan) => span.resource['service.name'];

/** What a page showed its user and its developer: console, uncaught errors, API answers. */
function watch(page: Page) {
  const seen = {
    console: [] as ConsoleMessage[],
    errors: [] as Error[],
    responses: [] as Response[],
  };
  page.on('console', (message) => seen.console.push(message));
  page.on('pageerror', (error) => seen.errors.push(error));
  page.on('response', (response) => seen.responses.push(response));
  return seen;
}

/** Loads the page, waits for the feed, posts `message` and waits for it to be shown. */
async function postThroughPage(page: Page, url: string, message: string): Promise<void> {
  await page.goto(url);
  await page.locator('#feed li').first().waitFor();
  await page.fill('textarea[name=message]', message);
  await page.click('button[type=submit]');
  await page.locator('#feed li', { hasText: message }).waitFor();
}

describeWith(
  missingChromium() ?? missingTools('otelcol-cruddur', 'helm'),
  'browser to backend in one trace (headless Chromium, real Collector)',
  () => {
    let honeycomb: OtlpReceiver;
    let collector: CollectorProcess;
    let api: RunningService;
    let web: WebServer;
    let browser: BrowserContext;
    let webOrigin: string;
    const started: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      honeycomb = await OtlpReceiver.start();
      started.push(() => honeycomb.stop());
      const webPort = await freePort();
      webOrigin = `http://127.0.0.1:${webPort}`;
      collector = await startCollectorProcess({
        honeycombEndpoint: `127.0.0.1:${honeycomb.grpcPort}`,
        values: { 'collector.cors.allowedOrigins[0]': webOrigin },
      });
      started.push(() => collector.stop());
      api = await startService({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        FRONTEND_URL: webOrigin,
        DEBUG_ROUTES: 'true',
      });
      started.push(() => api.stop());
      web = await serveWeb({
        host: '127.0.0.1',
        port: webPort,
        page: {
          apiUrl: api.url,
          tracesUrl: `${collector.httpEndpoint}/v1/traces`,
          environment: 'test',
        },
      });
      started.push(() => web.stop());
      browser = await launchChromium();
      started.push(() => closeChromium(browser));
      mkdirSync(artifacts, { recursive: true });
    }, 60_000);

    afterAll(async () => {
      for (const stop of started.reverse()) await stop();
    });

    it('joins the browser fetch span and the API server span in one trace', async () => {
      const page = await browser.newPage();
      const seen = watch(page);
      const message = `traced from Chromium ${Date.now()}`;
      await postThroughPage(page, web.url, message);
      await page.screenshot({ path: path.join(artifacts, 'cruddur-web.png') });

      const isPost = (span: ReceivedSpan) =>
        service(span) === 'cruddur-frontend' &&
        span.kind === CLIENT &&
        span.attributes['http.request.method'] === 'POST';
      const spans = await honeycomb.waitFor(
        (all) =>
          all.some((s) => s.name === 'render feed') &&
          all.some(isPost) &&
          all.some((s) => service(s) === 'cruddur-backend' && s.name === 'POST /api/activities'),
        15_000,
      );
      const fetchSpan = spans.find(isPost) as ReceivedSpan;
      const trace = spans.filter((span) => span.traceId === fetchSpan.traceId);
      const serverSpan = trace.find((span) => span.kind === SERVER);
      const root = trace.find((span) => span.spanId === fetchSpan.parentSpanId);
      writeFileSync(path.join(artifacts, 'joined-trace.txt'), renderJoinedTrace(trace));
      const picture = await browser.newPage();
      await picture.setViewportSize({ width: 1000, height: 60 + 35 * trace.length });
      await picture.setContent(traceWaterfallHtml(trace));
      await picture.screenshot({ path: path.join(artifacts, 'joined-trace.png') });
      await picture.close();

      expect(serverSpan).toMatchObject({
        name: 'POST /api/activities',
        parentSpanId: fetchSpan.spanId,
        resource: expect.objectContaining({ 'service.name': 'cruddur-backend' }),
      });
      expect(root).toMatchObject({ name: 'post activity', parentSpanId: '' });
      // X-Ray-compatible: the trace id starts with the epoch second it began in.
      const epoch = parseInt(fetchSpan.traceId.slice(0, 8), 16);
      expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(300);
      const networkMs = fetchSpan.attributes['app.network_ms'] as number;
      const serverMs = fetchSpan.attributes['app.server_ms'] as number;
      const browserMs = Number(fetchSpan.endTimeUnixNano - fetchSpan.startTimeUnixNano) / 1e6;
      expect(networkMs).toBeGreaterThanOrEqual(0);
      expect(serverMs).toBeGreaterThan(0);
      // The span's end is taken from Date.now() (whole milliseconds) and its start from the
      // performance clock, so allow a few milliseconds between the two clocks.
      expect(networkMs + serverMs).toBeLessThanOrEqual(browserMs + 5);

      // The feed's load and render are spans too, and so is the page load.
      const render = spans.find((span) => span.name === 'render feed') as ReceivedSpan;
      expect(spans.find((span) => span.spanId === render.parentSpanId)?.name).toBe(
        'load home feed',
      );
      expect(spans.map((span) => span.name)).toContain('documentLoad');

      // CORS: preflights answered, real answers readable (incl. Server-Timing), no errors.
      const options = api
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"method":"OPTIONS"'));
      expect(options.length).toBeGreaterThanOrEqual(1);
      expect(options.every((line) => line.includes('"status":204'))).toBe(true);
      const post = seen.responses.find(
        (r) => r.request().method() === 'POST' && r.url().startsWith(api.url),
      );
      expect(await post?.allHeaders()).toMatchObject({
        'access-control-allow-origin': webOrigin,
        'access-control-expose-headers': expect.stringContaining('server-timing'),
      });
      expect(seen.console.filter((m) => m.type() === 'error').map((m) => m.text())).toEqual([]);
      expect(seen.errors).toEqual([]);
      expect(await page.textContent('#status')).toBe('');
      await page.close();
    });

    it("answers the browser's preflight at the Collector for the frontend origin only", async () => {
      const preflight = (origin: string) =>
        fetch(`${collector.httpEndpoint}/v1/traces`, {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        });
      const allowed = await preflight(webOrigin);
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(webOrigin);
      const other = await preflight('http://elsewhere.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('emits every column a saved Honeycomb query reads, in that query’s dataset', async () => {
      expect((await fetch(`${api.url}/api/debug/error`)).status).toBe(500);
      const spans = await honeycomb.waitFor((all) =>
        all.some((span) => service(span) === 'cruddur-backend' && span.status.code === 2),
      );
      const emitted = (name?: string) =>
        new Set(
          spans
            .filter((span) => name === undefined || service(span) === name)
            .flatMap((span) => [...honeycombColumns(span)]),
        );
      const datasets = {
        backend: 'cruddur-backend',
        frontend: 'cruddur-frontend',
        environment: undefined,
      };
      const missing = loadBoard().queries.flatMap((query) => {
        const columns = emitted(datasets[query.dataset]);
        return [...referencedColumns(query.spec)]
          .filter((column) => !columns.has(column))
          .map((column) => `${query.name}: ${column}`);
      });
      expect(missing).toEqual([]);
    });

    it('keeps working, with no error shown, when the Collector is down', async () => {
      await collector.stop();
      const page = await browser.newPage();
      const seen = watch(page);
      const failedExports: string[] = [];
      page.on('requestfailed', (request) => {
        if (request.url().startsWith(collector.httpEndpoint)) failedExports.push(request.url());
      });
      const message = `posted while the Collector is down ${Date.now()}`;
      await postThroughPage(page, web.url, message);
      await page.waitForTimeout(2_000); // past the next span export (every second)

      expect(failedExports.length).toBeGreaterThanOrEqual(1);
      expect(await page.textContent('#status')).toBe('');
      expect(seen.errors).toEqual([]);
      // Only the browser's own note of the refused export, nothing from the page.
      const consoleErrors = seen.console.filter((m) => m.type() === 'error');
      expect(consoleErrors.every((m) => m.location().url.startsWith(collector.httpEndpoint))).toBe(
        true,
      );
      await page.close();
    });
  },
);
