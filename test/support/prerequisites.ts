import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
/**
 * Where scripts/tools.sh builds the tools. Its default lives in scripts/tools-dir.sh only:
 * `npm test` runs Jest through scripts/env.sh, which exports it. Unset (Jest started some
 * other way), it names a folder that does not exist, and missingTools() says why.
 */
const toolsDirSet = process.env.CRUDDUR_TOOLS_DIR !== undefined;
export const toolsDir =
  process.env.CRUDDUR_TOOLS_DIR ?? path.join(repoRoot, 'no-CRUDDUR_TOOLS_DIR');

/** Path of a tool built by scripts/tools.sh, or undefined when it has not been built. */
export function toolPath(name: string): string | undefined {
  const candidate = path.join(toolsDir, 'bin', name);
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * A describe block that needs something outside Node (a built tool, a Docker engine).
 * `missing` is the reason it cannot run, or undefined when it can. Locally the block is
 * skipped and recorded for the summary line that test/support/skip-summary.js prints at
 * the end of the run; under CI=true a missing prerequisite is a failure, because CI
 * provisions everything and a silent skip would hide lost coverage.
 *
 * The body still runs while tests are collected (that is how Jest counts the skipped
 * tests), so it must not call a tool outside a hook or a test: test/suites/collection.test.ts
 * collects every suite with no tools and no Docker engine to hold that.
 */
export function describeWith(missing: string | undefined, name: string, body: () => void): void {
  if (missing === undefined) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its prerequisites in CI', () => {
        throw new Error(`${name}: ${missing}`);
      });
    });
    return;
  }
  const record = process.env.CRUDDUR_SKIP_RECORD;
  if (record) appendFileSync(record, `${JSON.stringify({ suite: name, missing })}\n`);
  describe.skip(name, body);
}

/** The reason a set of tools cannot be used, or undefined when all are built. */
export function missingTools(...names: string[]): string | undefined {
  if (!toolsDirSet) return 'CRUDDUR_TOOLS_DIR is not set (npm test sets it)';
  const absent = names.filter((name) => toolPath(name) === undefined);
  return absent.length === 0 ? undefined : `not built: ${absent.join(', ')}`;
}
