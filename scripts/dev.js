// The service in watch mode (`npm run dev`, and the dev image that Tilt live-updates): every
// change under service/src is transpiled with esbuild (about 50 ms for the whole tree) into
// .dev-build/, laid out as tsc lays out dist/, and the service restarts from plain
// JavaScript, with V8's compile cache when NODE_COMPILE_CACHE is set. A TypeScript loader
// in every restart (tsx watch, before) doubled the service's start.
// SIGTERM and SIGINT go to the service, whose exit code this process then exits with.
const { spawn } = require('node:child_process');
const { setTimeout, clearTimeout } = require('node:timers');
const { watch } = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.dev-build');
const build = () =>
  esbuild.build({
    entryPoints: ['service/src/**/*.ts'],
    absWorkingDir: root,
    outdir: out,
    outbase: 'service/src',
    format: 'cjs',
    platform: 'node',
    target: 'node24',
    sourcemap: 'inline',
    logLevel: 'warning',
  });

let service;
let stopping = false;
const start = () => {
  service = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      path.join(out, 'telemetry', 'preload.js'),
      path.join(out, 'main.js'),
    ],
    { stdio: 'inherit' },
  );
  const current = service;
  current.on('exit', (code, signal) => {
    if (stopping) process.exit(code ?? (signal ? 1 : 0));
    if (current === service)
      console.error(`dev: the service exited (${code ?? signal}); waiting for a change`);
  });
};
const stopped = () =>
  new Promise((resolve) => {
    const old = service;
    service = undefined;
    if (!old || old.exitCode !== null || old.signalCode !== null) return resolve();
    old.once('exit', resolve);
    old.kill('SIGTERM');
  });

// Tilt's sync writes several files at once: one rebuild for them all.
let timer;
let queue = Promise.resolve();
const restart = () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    queue = queue.then(async () => {
      // On a compile error (esbuild has printed it) the running service stays.
      if (
        !(await build().then(
          () => true,
          () => false,
        ))
      )
        return;
      await stopped();
      if (!stopping) start();
    });
  }, 20);
};

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    stopping = true;
    if (!service || service.exitCode !== null) process.exit(0);
    else service.kill(signal);
  });
}

build().then(
  () => {
    start();
    watch(path.join(root, 'service', 'src'), { recursive: true }, restart);
  },
  () => process.exit(1),
);
