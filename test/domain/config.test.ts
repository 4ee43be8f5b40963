import { parseConfig } from '../../service/src/config';

describe('parseConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.port).toBe(4567);
    expect(config.demoUser).toEqual({ handle: 'andrewbrown', displayName: 'Andrew Brown' });
    expect(config.corsOrigins).toEqual(['http://localhost:3000', 'http://localhost:4567']);
    expect(config.shutdownGraceMs).toBe(10_000);
    expect(config.bodyLimit).toBe('64kb');
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '', FRONTEND_URL: '' }).port).toBe(4567);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['FRONTEND_URL', 'not a url'],
    ['LOG_FORMAT', 'xml'],
    ['SHUTDOWN_GRACE_SECONDS', '-1'],
    ['BODY_LIMIT', 'lots'],
  ])('names the variable when %s=%s is invalid', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(
      new RegExp(`^invalid configuration: ${name}: .*${JSON.stringify(value)}`),
    );
  });
});
