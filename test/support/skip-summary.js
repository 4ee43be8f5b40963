// A Jest reporter: ends a run that skipped suites for missing prerequisites with one line
// saying what did not run and the one command that runs it. describeWith() in
// prerequisites.ts records each skip in the file this reporter names (workers inherit it).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const FULL_TEST_COMMAND = 'npm run test:all';
const NOT_BUILT = 'not built: ';

function readSkips(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** "helm, kubeconform; no Docker engine answers": each missing thing once, tools first. */
function describeMissing(skips) {
  const tools = new Set();
  const others = new Set();
  for (const { missing } of skips) {
    if (missing.startsWith(NOT_BUILT)) {
      for (const tool of missing.slice(NOT_BUILT.length).split(', ')) tools.add(tool);
    } else {
      others.add(missing);
    }
  }
  return [[...tools].join(', '), ...others].filter(Boolean).join('; ');
}

class SkipSummary {
  constructor() {
    this.record = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cruddur-skips-')), 'skips');
    process.env.CRUDDUR_SKIP_RECORD = this.record;
  }

  onRunComplete(_contexts, results) {
    const skips = readSkips(this.record);
    fs.rmSync(path.dirname(this.record), { recursive: true, force: true });
    if (skips.length === 0) return;
    const suites = new Set(skips.map((skip) => skip.suite));
    const tests = results.testResults
      .flatMap((file) => file.testResults)
      .filter(
        (test) =>
          test.status === 'pending' && test.ancestorTitles.some((title) => suites.has(title)),
      ).length;
    // Printed at exit, after Jest's own summary, so that it is the run's last line.
    const line =
      `\nNot run: ${tests} tests in ${suites.size} suites that need ${describeMissing(skips)}. ` +
      `\`${FULL_TEST_COMMAND}\` builds and starts those and runs every test, as CI does ` +
      '(the first time it builds the tools: 20 to 40 min on 2 cores, with Go 1.26+ and a C compiler).\n';
    process.once('exit', () => process.stderr.write(line));
  }
}

module.exports = SkipSummary;
