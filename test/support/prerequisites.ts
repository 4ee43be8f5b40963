import { existsSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const toolsDir = process.env.CRUDDUR_TOOLS_DIR ?? path.join(repoRoot, '.tools');

/** Path of a tool built by scripts/tools.sh, or undefined when it has not been built. */
export function toolPath(name: string): string | undefined {
  const candidate = path.join(toolsDir, 'bin', name);
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * A describe block that needs something outside Node (a built tool, a Docker engine).
 * `missing` is the reason it cannot run, or undefined when it can. Locally the block is
 * skipped and the reason printed; under CI=true a missing prerequisite is a failure,
 * because CI provisions everything and a silent skip would hide lost coverage.
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
  process.stderr.write(`SKIPPED "${name}": ${missing}\n`);
  describe.skip(name, body);
}

/** The reason a set of tools cannot be used, or undefined when all are built. */
export function missingTools(...names: string[]): string | undefined {
  const absent = names.filter((name) => toolPath(name) === undefined);
  return absent.length === 0
    ? undefined
    : `not built: ${absent.join(', ')} (run scripts/tools.sh ${absent.join(' ')})`;
}
