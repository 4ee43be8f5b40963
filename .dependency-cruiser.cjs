/**
 * The import direction inside service/src (see docs/architecture.md), checked by
 * `npm run lint` and test/architecture/imports.test.ts. Type-only imports count too.
 */
const src = '^service/src/';
const layer = (folder) => `${src}${folder}/`;

/** `from` may not import anything in `to` (folders under service/src, or files). */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      comment: 'A module cycle makes load order matter and the parts inseparable.',
      severity: 'error',
      from: { path: src },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No two folders import each other: every arrow between folders points one way.',
      severity: 'error',
      scope: 'folder',
      from: { path: src },
      to: { circular: true },
    },
    forbid(
      'diagnostics-is-the-bottom',
      'diagnostics/ (scrubbing, dependency failures, trace ids, untraced) is used by every layer and uses none.',
      layer('diagnostics'),
      `${src}(?!diagnostics/)`,
    ),
    forbid(
      'domain-is-pure',
      'The domain knows nothing of HTTP, storage, telemetry or the process.',
      layer('domain'),
      `${src}(?!domain/)`,
    ),
    forbid(
      'adapters-only-below',
      'infra/ holds adapters: they use the domain and diagnostics, never the SDK wiring, HTTP, use cases or process control.',
      layer('infra'),
      `${src}(telemetry|http|services|process)/|${src}(app|main)\\.ts$`,
    ),
    forbid(
      'telemetry-is-sdk-wiring',
      'telemetry/ wires the OpenTelemetry SDK; it uses config, diagnostics and the shutdown hooks only.',
      layer('telemetry'),
      `${src}(infra|http|services|domain)/|${src}(app|main)\\.ts$`,
    ),
    forbid(
      'process-control-below-the-app',
      'process/ (readiness, signals, shutdown hooks) knows nothing of what the app serves.',
      layer('process'),
      `${src}(infra|http|services|domain|telemetry)/|${src}(app|main)\\.ts$`,
    ),
    forbid(
      'use-cases-below-http',
      'services/ are the use cases: HTTP calls them, never the other way round.',
      layer('services'),
      `${src}(http|process|telemetry)/|${src}(app|main)\\.ts$`,
    ),
    forbid(
      'only-main-composes',
      'main.ts is the composition root; app.ts is used by main (and the tests) only.',
      `${src}(?!main\\.ts$)`,
      `${src}main\\.ts$|${src}app\\.ts$`,
    ),
    {
      name: 'opentelemetry-sdk-only-in-telemetry',
      comment:
        'Only telemetry/ touches the SDK; elsewhere the API (and core for suppressTracing) is enough.',
      severity: 'error',
      from: { path: src, pathNot: layer('telemetry') },
      to: { path: '@opentelemetry/(?!api|core)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
  },
};
