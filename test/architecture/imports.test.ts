import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';

const depcruise = path.join(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

/** Runs dependency-cruiser with the project's rules over service/src under `cwd`. */
function cruise(cwd: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [depcruise, 'service/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the import direction in service/src', () => {
  it('has no import against the layering and no two folders importing each other', () => {
    const { status, output } = cruise(repoRoot);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('is enforced: an adapter importing SDK wiring and a folder cycle are both caught', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-imports-'));
    try {
      copyFileSync(
        path.join(repoRoot, '.dependency-cruiser.cjs'),
        path.join(dir, '.dependency-cruiser.cjs'),
      );
      writeFileSync(
        path.join(dir, 'tsconfig.build.json'),
        JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } }),
      );
      const files: Record<string, string> = {
        'telemetry/sdk.ts': "import '../process/hooks.js';\nexport const sdk = 1;\n",
        'process/hooks.ts': 'export const hooks = 1;\n',
        'infra/rollbar.ts': "import { sdk } from '../telemetry/sdk.js';\nexport const r = sdk;\n",
        'http/route.ts': "import { use } from '../services/use.js';\nexport const route = use;\n",
        'services/use.ts': "import type {} from '../http/state.js';\nexport const use = 1;\n",
        'http/state.ts': 'export {};\n',
      };
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, 'service/src', file)), { recursive: true });
        writeFileSync(path.join(dir, 'service/src', file), text);
      }
      const { status, output } = cruise(dir);
      expect(status).not.toBe(0);
      expect(output).toContain('adapters-only-below: service/src/infra/rollbar.ts');
      expect(output).toContain('use-cases-below-http: service/src/services/use.ts');
      expect(output).toMatch(/no-folder-cycles: service\/src\/(http|services)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
