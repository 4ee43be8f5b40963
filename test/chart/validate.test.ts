import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describeWith, missingTools, repoRoot, toolPath, toolsDir } from '../support/prerequisites';
import {
  chartDir,
  KUBERNETES_VERSION,
  renderText,
  runHelm,
  tempFile,
  valuesFiles,
} from '../support/helm';

const helms = ['helm', 'helm4'];

function missingSchemas(): string | undefined {
  return existsSync(path.join(toolsDir, 'k8s-schemas', KUBERNETES_VERSION))
    ? undefined
    : 'Kubernetes schemas not generated (run scripts/tools.sh k8s-schemas)';
}

describeWith(missingTools('helm', 'helm4'), 'helm lint --strict', () => {
  describe.each(helms)('%s', (name) => {
    it.each(valuesFiles)('passes with %s', (valuesFile) => {
      const values = valuesFile === 'values.yaml' ? [] : ['-f', path.join(chartDir, valuesFile)];
      const { status, output } = runHelm(toolPath(name) ?? name, [
        'lint',
        '--strict',
        chartDir,
        ...values,
      ]);
      expect([status, output]).toEqual([
        0,
        expect.stringContaining('1 chart(s) linted, 0 chart(s) failed'),
      ]);
    });
  });
});

describeWith(
  missingTools('helm', 'helm4', 'kubeconform') ?? missingSchemas(),
  'rendered manifests against the Kubernetes schemas',
  () => {
    const schemas = path.join(toolsDir, 'k8s-schemas', KUBERNETES_VERSION);
    const kubeconform = (...args: string[]) => {
      const result = spawnSync(
        toolPath('kubeconform') ?? 'kubeconform',
        [
          '-strict',
          '-summary',
          '-kubernetes-version',
          KUBERNETES_VERSION,
          '-schema-location',
          `${schemas}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
          ...args,
        ],
        { encoding: 'utf8' },
      );
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };

    describe.each(helms)('%s template', (name) => {
      it.each(valuesFiles)('is valid in strict mode with %s', (valuesFile) => {
        const manifest = tempFile(
          'manifest.yaml',
          renderText({ helm: toolPath(name), valuesFile }),
        );
        const { status, output } = kubeconform(manifest);
        expect([status, output]).toEqual([
          0,
          expect.stringMatching(/Invalid: 0, Errors: 0, Skipped: 0/),
        ]);
        expect(output).toMatch(/Valid: ([1-9]\d*)/);
      });
    });

    it('the schemas really reject a broken manifest', () => {
      const broken = tempFile(
        'broken.yaml',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: "two", selector: {}, template: {}, bogus: 1 }\n',
      );
      const result = kubeconform(broken);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/replicas|bogus/);
    });

    it('the k8s/ manifests (namespace, registry ConfigMap, example Secret) are valid', () => {
      const dir = path.join(repoRoot, 'k8s');
      const files = readdirSync(dir).map((name) => path.join(dir, name));
      expect(files.length).toBeGreaterThanOrEqual(3);
      const { status, output } = kubeconform(...files);
      expect([status, output]).toEqual([
        0,
        expect.stringMatching(/Valid: [3-9]\d*, Invalid: 0, Errors: 0, Skipped: 0/),
      ]);
    });
  },
);
