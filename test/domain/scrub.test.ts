import { SCRUBBED, scrubQuery, scrubSecrets, scrubUrl } from '../../service/src/infra/scrub';

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
