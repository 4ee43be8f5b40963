import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot, toolPath } from './prerequisites';
import { tempDir } from './temp';

/** The Kubernetes version manifests are rendered and validated for. */
export const KUBERNETES_VERSION = '1.34.2';

export const chartDir = path.join(repoRoot, 'charts', 'cruddur');
export const valuesFiles = ['values.yaml', 'values-kind.yaml', 'values-eks.yaml'];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface RenderOptions {
  helm?: string;
  valuesFile?: string;
  set?: Record<string, string | number | boolean>;
  showOnly?: string;
}

function args(options: RenderOptions): string[] {
  const result = ['--namespace', 'cruddur', '--kube-version', KUBERNETES_VERSION];
  if (options.valuesFile && options.valuesFile !== 'values.yaml') {
    // A name is one of the chart's values files; an absolute path, a test's own.
    const file = path.isAbsolute(options.valuesFile)
      ? options.valuesFile
      : path.join(chartDir, options.valuesFile);
    result.push('-f', file);
  }
  for (const [key, value] of Object.entries(options.set ?? {})) {
    result.push(typeof value === 'string' ? '--set-string' : '--set', `${key}=${String(value)}`);
  }
  if (options.showOnly) result.push('--show-only', options.showOnly);
  return result;
}

/** `helm template` output as text. Throws with Helm's message when rendering fails. */
export function renderText(options: RenderOptions = {}): string {
  const helm = options.helm ?? toolPath('helm') ?? 'helm';
  return execFileSync(helm, ['template', 'rel', chartDir, ...args(options)], { encoding: 'utf8' });
}

export function render(options: RenderOptions = {}): K8sObject[] {
  return parseAllDocuments(renderText(options))
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((doc): doc is K8sObject => doc !== null);
}

/** Runs helm with the given arguments and returns its exit status and output. */
export function runHelm(
  helm: string,
  helmArgs: string[],
): { status: number | null; output: string } {
  const result = spawnSync(helm, helmArgs, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * `helm template` output with NOTES.txt rendered too: `helm template` leaves NOTES out and
 * `helm install --dry-run` needs a cluster, so this renders a copy of the chart in which
 * NOTES.txt is an ordinary template.
 */
export function renderWithNotes(options: RenderOptions = {}): string {
  const copy = path.join(tempDir(), 'cruddur');
  cpSync(chartDir, copy, { recursive: true });
  const notes = readFileSync(path.join(copy, 'templates', 'NOTES.txt'), 'utf8');
  rmSync(path.join(copy, 'templates', 'NOTES.txt'));
  // Helm parses every rendered template as YAML, so the notes travel as one JSON string.
  writeFileSync(
    path.join(copy, 'templates', 'notes.yaml'),
    `{{- define "test.notes" }}${notes}{{ end -}}\nrenderedNotes: {{ include "test.notes" . | toJson }}\n`,
  );
  const helm = options.helm ?? toolPath('helm') ?? 'helm';
  return execFileSync(helm, ['template', 'rel', copy, ...args(options)], { encoding: 'utf8' });
}

export function find(objects: K8sObject[], kind: string, nameSuffix = ''): K8sObject {
  const match = objects.find((o) => o.kind === kind && o.metadata.name.endsWith(nameSuffix));
  if (!match) throw new Error(`no ${kind} named *${nameSuffix} in the rendered chart`);
  return match;
}

/** The Collector config exactly as the chart renders it into its ConfigMap. */
export function renderCollectorConfig(
  valuesFile: string,
  set: Record<string, string | boolean> = {},
): string {
  const configMap = parse(
    renderText({ valuesFile, set, showOnly: 'templates/collector-configmap.yaml' }),
  ) as { data: { 'collector.yaml': string } };
  return configMap.data['collector.yaml'];
}
