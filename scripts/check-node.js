// Exits 0 when this Node.js satisfies package.json's engines.node, else 1 with one line.
// scripts/env.sh runs it to decide whether to install Node 24; `npm install` itself refuses
// a Node outside engines at once (engine-strict in .npmrc).
const { engines } = require('../package.json');

const range = /^>=(\d+)\.(\d+)$/.exec(engines.node);
if (!range) throw new Error(`scripts/check-node.js reads ">=major.minor", not "${engines.node}"`);
const [wantMajor, wantMinor] = range.slice(1).map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < wantMajor || (major === wantMajor && minor < wantMinor)) {
  console.error(
    `cruddur-backend needs Node.js ${engines.node}, this is ${process.version}: ` +
      '". scripts/env.sh" installs Node 24 and puts it first on PATH.',
  );
  process.exit(1);
}
