import { DependencyFailures } from '../../service/src/diagnostics/dependency-failures';

describe('DependencyFailures', () => {
  it('reports the first failure of a source at once, then one line per interval with a count', () => {
    const lines: Record<string, unknown>[] = [];
    let now = 0;
    const failures = new DependencyFailures(
      (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
      60_000,
      () => now,
    );
    failures.report('upload', new Error('connect ECONNREFUSED'));
    for (let i = 0; i < 5; i += 1) failures.report('upload', new Error('again'));
    failures.report('other', 'plain string');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'warn', message: 'upload failed', source: 'upload' });
    expect(lines[0]?.error).toBe('Error: connect ECONNREFUSED');
    expect(lines[1]).toMatchObject({ source: 'other', error: 'plain string' });

    now = 60_000;
    failures.report('upload', new Error('still down'));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ error: 'Error: still down', suppressed_since_last_report: 5 });
  });

  it('names system errors by their code and leaves stacks out', () => {
    const lines: string[] = [];
    const failures = new DependencyFailures((line) => lines.push(line));
    const error = Object.assign(new Error('getaddrinfo failed'), { code: 'ENOTFOUND' });
    failures.report('dns', error);
    expect(lines[0]).toContain('"error":"ENOTFOUND: getaddrinfo failed"');
    expect(lines[0]).not.toContain('    at ');
  });
});
