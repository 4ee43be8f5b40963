import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeWith, missingTools, toolPath, toolsDir } from '../support/prerequisites';
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

    describe.each(helms)('%s template', (name) => {
      it.each(valuesFiles)('is valid in strict mode with %s', (valuesFile) => {
        const manifest = tempFile(
          'manifest.yaml',
          renderText({ helm: toolPath(name), valuesFile }),
        );
        const result = spawnSync(
          toolPath('kubeconform') ?? 'kubeconform',
          [
            '-strict',
            '-summary',
            '-kubernetes-version',
            KUBERNETES_VERSION,
            '-schema-location',
            `${schemas}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
            manifest,
          ],
          { encoding: 'utf8' },
        );
        const output = `${result.stdout}${result.stderr}`;
        expect([result.status, output]).toEqual([
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
      const result = spawnSync(
        toolPath('kubeconform') ?? 'kubeconform',
        [
          '-strict',
          '-kubernetes-version',
          KUBERNETES_VERSION,
          '-schema-location',
          `${schemas}/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json`,
          broken,
        ],
        { encoding: 'utf8' },
      );
      expect(result.status).not.toBe(0);
      expect(result.stdout).toMatch(/replicas|bogus/);
    });
  },
);
