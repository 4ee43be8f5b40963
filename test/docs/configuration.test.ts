import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';

const sourceDir = path.join(repoRoot, 'service/src');
const reference = readFileSync(path.join(repoRoot, 'docs/configuration.md'), 'utf8');

/** The variables config.ts parses: the keys of its envSchema object, one per line. */
function parsedVariables(): string[] {
  const source = readFileSync(path.join(sourceDir, 'config.ts'), 'utf8');
  const schema = /const envSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
}

/** The variables the reference documents: those named in the first column of its table. */
function documentedVariables(): string[] {
  const firstColumns = reference
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|')[1] ?? '');
  return firstColumns.flatMap((cell) =>
    [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? ''),
  );
}

function sourceText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? sourceText(full) : readFileSync(full, 'utf8');
    })
    .join('\n');
}

describe('the configuration reference (docs/configuration.md)', () => {
  it('documents every variable config.ts parses', () => {
    const parsed = parsedVariables();
    expect(parsed.length).toBeGreaterThan(30);
    const documented = new Set(documentedVariables());
    expect(parsed.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents only variables the service reads', () => {
    const source = sourceText(sourceDir);
    expect(documentedVariables().filter((name) => !source.includes(name))).toEqual([]);
  });
});
