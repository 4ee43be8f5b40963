import {
  SCRUBBED,
  scrubError,
  scrubQuery,
  scrubSecrets,
  scrubText,
  scrubUrl,
} from '../../service/src/diagnostics/scrub';

describe('scrubbing secrets', () => {
  it('replaces secret-named fields at any depth and leaves the rest', () => {
    const input = {
      authorization: 'Bearer abc',
      Cookie: 'session=1',
      'x-honeycomb-team': 'hc',
      nested: { api_key: 'k', password: 'p', list: [{ refreshToken: 't' }, 'plain'] },
      user: 'andrewbrown',
    };
    expect(scrubSecrets(input)).toEqual({
      authorization: SCRUBBED,
      Cookie: SCRUBBED,
      'x-honeycomb-team': SCRUBBED,
      nested: {
        api_key: SCRUBBED,
        password: SCRUBBED,
        list: [{ refreshToken: SCRUBBED }, 'plain'],
      },
      user: 'andrewbrown',
    });
    expect(input.authorization).toBe('Bearer abc');
  });

  it('masks secret assignments and bearer tokens in free text, and copies errors scrubbed', () => {
    expect(scrubText('connect failed: password=hunter2, user=app')).toBe(
      `connect failed: password=${SCRUBBED}, user=app`,
    );
    expect(scrubText('api_key: "abc def" and Authorization=Bearer eyJhbGciOi.x-y_z')).toBe(
      `api_key: ${SCRUBBED} and Authorization=${SCRUBBED}`,
    );
    expect(scrubText('sent Bearer abc.def== upstream')).toBe(`sent Bearer ${SCRUBBED} upstream`);
    expect(scrubText('nothing secret here: user=worf')).toBe('nothing secret here: user=worf');
    const once = scrubText('(password=p) Bearer b');
    expect(scrubText(once)).toBe(once);

    const original = new TypeError('token=t0k3n rejected');
    const copy = scrubError(original);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe(`token=${SCRUBBED} rejected`);
    expect(copy.stack).not.toContain('t0k3n');
    expect(original.message).toBe('token=t0k3n rejected');
  });

  it('scrubs secret query parameters in absolute and relative URLs', () => {
    expect(scrubUrl('https://x.test/a?term=cloud&access_token=abc')).toBe(
      `https://x.test/a?term=cloud&access_token=${encodeURIComponent(SCRUBBED)}`,
    );
    expect(scrubUrl('/a?apiKey=1&page=2')).toBe(`/a?apiKey=${encodeURIComponent(SCRUBBED)}&page=2`);
    expect(scrubQuery('term=cloud&client_secret=s')).toBe(
      `term=cloud&client_secret=${encodeURIComponent(SCRUBBED)}`,
    );
    expect(scrubQuery('term=cloud')).toBe('term=cloud');
  });
});
