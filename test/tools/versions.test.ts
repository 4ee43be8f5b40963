import { execFileSync } from 'node:child_process';
import { describeWith, missingTools, repoRoot, toolPath } from '../support/prerequisites';

/** The version a recipe in scripts/tools.d pins: its TOOL_VERSION up to any "-<hash>" suffix. */
function pinned(recipe: string): string {
  const version = execFileSync(
    'bash',
    ['-c', 'source "$1" && printf %s "$TOOL_VERSION"', 'recipe', `scripts/tools.d/${recipe}.sh`],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, REPO_ROOT: repoRoot } },
  );
  return version.split('-')[0] ?? version;
}

/** Each built executable, the recipe that builds it, and how it is asked for its version. */
const TOOLS = [
  { executable: 'helm', recipe: 'helm', args: ['version', '--short'] },
  { executable: 'helm4', recipe: 'helm4', args: ['version', '--short'] },
  { executable: 'tilt', recipe: 'tilt', args: ['version'] },
  { executable: 'kubeconform', recipe: 'kubeconform', args: ['-v'] },
  { executable: 'otelcol-cruddur', recipe: 'otelcol', args: ['--version'] },
  { executable: 'xray', recipe: 'xray', args: ['--version'] },
  { executable: 'node', recipe: 'node', args: ['--version'] },
  { executable: 'kind', recipe: 'kind', args: ['version'] },
  { executable: 'kubectl', recipe: 'kubernetes', args: ['version', '--client'] },
  { executable: 'kubeadm', recipe: 'kubeadm', args: ['version', '-o', 'short'] },
  { executable: 'etcd', recipe: 'etcd', args: ['--version'] },
  { executable: 'coredns', recipe: 'coredns', args: ['-version'] },
  { executable: 'registry', recipe: 'registry', args: ['--version'] },
];

describe.each(TOOLS)('$executable', ({ executable, recipe, args }) => {
  describeWith(missingTools(executable), `${executable}, as built`, () => {
    it(`reports the version scripts/tools.d/${recipe}.sh pins, as a release build would`, () => {
      const binary = toolPath(executable) ?? executable;
      const reported = execFileSync(binary, args, { encoding: 'utf8' });
      const version = pinned(recipe).replaceAll('.', '\\.');
      // The whole version, not a prefix of it (v3.22 is not 3.22.0), and no dev marker.
      expect(reported).toMatch(new RegExp(`(^|[^\\d.])v?${version}(?![\\d.]|-dev)`));
    });
  });
});
