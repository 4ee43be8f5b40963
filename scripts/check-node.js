// Exits 0 when this Node.js satisfies package.json's engines.node (">=major.minor"), else 1.
// scripts/env.sh runs it to decide whether to put Node 24 first on PATH; `npm install`
// itself refuses a Node outside engines at once (engine-strict in .npmrc).
const { engines } = require('../package.json');

const range = /^>=(\d+)\.(\d+)$/.exec(engines.node);
if (!range) throw new Error(`scripts/check-node.js reads ">=major.minor", not "${engines.node}"`);
const [wantMajor, wantMinor] = range.slice(1).map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
process.exit(major > wantMajor || (major === wantMajor && minor >= wantMinor) ? 0 : 1);
