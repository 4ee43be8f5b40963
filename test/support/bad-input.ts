import net from 'node:net';
import fc from 'fast-check';

/** One request of the corpus, as raw bytes, and the class of answer a correct server gives. */
export interface BadInput {
  kind: string;
  request: Buffer;
  /** '4xx': the input is wrong; '2xx': the request is fine and only its trace context is bad. */
  expect: '4xx' | '2xx';
}

const SEEDED_ACTIVITY = '68f126b0-1ceb-4a33-88be-d90fa7109eee';

function raw(
  method: string,
  target: string,
  headers: [string, string][] = [],
  body?: Buffer | string,
): Buffer {
  const bytes = body === undefined ? undefined : Buffer.from(body);
  const head = [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...headers.map(([name, value]) => `${name}: ${value}`),
    ...(bytes ? [`Content-Length: ${bytes.length}`] : []),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes ?? Buffer.alloc(0)]);
}

const json = (method: string, target: string, body: Buffer | string): Buffer =>
  raw(method, target, [['Content-Type', 'application/json']], body);

const postTargets = [
  '/api/activities',
  `/api/activities/${SEEDED_ACTIVITY}/reply`,
  '/api/messages',
];

/** Strings in every script, with lone surrogates, control and zero-width characters. */
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\u200b',
      '\u202e',
      '\ud800',
      '\udfff',
      '\ufeff',
      '\ufffd',
      'é',
      '👩‍🚀',
    ),
    maxLength: 40,
  }),
);

/** Bytes that are not UTF-8 (overlong, surrogate halves, truncated sequences), percent-encoded. */
const badPercent = fc
  .array(fc.constantFrom('%ED%A0%80', '%C0%AF', '%FF', '%E0%A4%A', '%', '%zz', '%00', '%2F'), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => parts.join(''));

/** Every UTF-8 byte percent-encoded (lone surrogates become U+FFFD, as on any real client). */
const percentEncoded = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const pathSegment = fc.oneof(oddText.map(percentEncoded), badPercent);

const malformedJson = fc
  .tuple(
    fc.constantFrom(...postTargets),
    fc.oneof(
      // A valid body cut short or with a byte changed.
      fc
        .tuple(fc.nat(60), fc.string({ maxLength: 3 }))
        .map(
          ([cut, junk]) =>
            `{"message":"hello","ttl":"7-days","user_receiver_handle":"worf"}`.slice(0, cut) + junk,
        ),
      fc.string({ maxLength: 80 }).map((text) => `{${text}`),
      fc.constantFrom('', 'nul', '{"a":1}}', "{'message':'x'}", '[1,2', '{"message":"\\x"}'),
    ),
  )
  .filter(([, body]) => {
    try {
      JSON.parse(body);
      return false;
    } catch {
      return true;
    }
  })
  .map(([target, body]) => ({ kind: 'malformed JSON', request: json('POST', target, body) }));

const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const wrongTypes = fc
  .tuple(
    fc.constantFrom(...postTargets),
    fc.oneof(
      fc.record({ message: notAString, ttl: fc.oneof(notAString, fc.constant('7-days')) }),
      fc.record({
        message: notAString,
        user_receiver_handle: fc.oneof(notAString, fc.constant('worf')),
      }),
      notAString,
    ),
  )
  .map(([target, body]) => ({
    kind: 'wrong types',
    request: json('POST', target, JSON.stringify(body)),
  }));

const hugeStrings = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...postTargets),
      fc.integer({ min: 1_100, max: 300_000 }),
      fc.constantFrom('a', 'é', '👩‍🚀'),
    )
    .map(([target, length, unit]) => ({
      kind: 'huge string in the body',
      request: json(
        'POST',
        target,
        JSON.stringify({
          message: unit.repeat(length),
          ttl: '7-days',
          user_receiver_handle: 'worf',
        }),
      ),
    })),
  fc.integer({ min: 2_000, max: 40_000 }).map((length) => ({
    kind: 'huge path segment',
    request: raw('GET', `/api/activities/@${'w'.repeat(length)}`),
  })),
);

const unicode = fc.oneof(
  fc.tuple(fc.constantFrom(...postTargets), oddText).map(([target, text]) => ({
    kind: 'unicode in an invalid body',
    // The ttl and receiver are wrong, and a reply is too long (zero-width characters count),
    // so nothing may be stored whatever the text is.
    request: json(
      'POST',
      target,
      JSON.stringify({
        message: target.endsWith('/reply') ? `${text}${'\u200b'.repeat(1025)}` : text,
        ttl: text,
        user_receiver_handle: '',
      }),
    ),
  })),
  pathSegment.map((segment) => ({
    kind: 'unicode handle',
    request: raw('GET', `/api/activities/@${segment}zz-no-such-user`),
  })),
  pathSegment.map((segment) => ({
    kind: 'unicode message handle',
    request: raw('GET', `/api/messages/@${segment}zz-no-such-user`),
  })),
);

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalidUuid = fc
  .oneof(
    pathSegment,
    fc.uuid().map((uuid) => uuid.slice(0, -1)),
    fc.uuid().map((uuid) => `${uuid}0`),
    fc.uuid().map((uuid) => uuid.replace(/-/g, '')),
    fc.uuid().map((uuid) => uuid.replace(/[0-9a-f]/, 'g')),
  )
  .filter((text) => text !== '' && !uuidLike.test(text));

const invalidUuids = fc.tuple(invalidUuid, fc.boolean()).map(([uuid, reply]) => ({
  kind: 'invalid uuid',
  request: reply
    ? json('POST', `/api/activities/${uuid}/reply`, '{"message":"a reply"}')
    : raw('GET', `/api/activities/${uuid}`),
}));

const routes = [
  '/api/activities/home',
  '/api/activities',
  '/api/messages',
  '/api/message_groups',
  '/api/nothing',
];
const oddMethods = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(
        'PUT',
        'PATCH',
        'DELETE',
        'PROPFIND',
        'PROPPATCH',
        'MKCOL',
        'COPY',
        'MOVE',
        'LOCK',
        'UNLOCK',
        'TRACE',
        'SEARCH',
        'LINK',
        'UNLINK',
        'PURGE',
        'REPORT',
        'MERGE',
        'NOTIFY',
        'SUBSCRIBE',
        'ACL',
        'QUERY',
        'SOURCE',
      ),
      fc
        .stringMatching(/^[A-Z]{1,12}$/)
        .filter((method) => !['GET', 'HEAD', 'OPTIONS', 'POST', 'CONNECT'].includes(method)),
      fc.stringMatching(/^[a-z!#$%&'*+.^_`|~-]{1,8}$/),
    ),
    fc.constantFrom(...routes),
  )
  .map(([method, target]) => ({ kind: 'odd method', request: raw(method, target) }));

const oversizedHeaders = fc
  .tuple(fc.integer({ min: 17_000, max: 80_000 }), fc.boolean())
  .map(([size, many]) => ({
    kind: 'oversized headers',
    request: raw(
      'GET',
      '/api/activities/home',
      many
        ? Array.from({ length: Math.ceil(size / 100) }, (_, i): [string, string] => [
            `x-h${i}`,
            'v'.repeat(95),
          ])
        : [['X-Large', 'v'.repeat(size)]],
    ),
  }));

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${length}}$`));
const traceparent = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.tuple(hex(2), hex(32), hex(16), hex(2)).map((parts) => parts.join('-')),
  fc.tuple(hex(31), hex(17)).map(([trace, span]) => `00-${trace}-${span}-01`),
  fc.constantFrom(
    `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`,
    `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    `00-${'A'.repeat(32)}-${'B'.repeat(16)}-01`,
    `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01-extra`,
  ),
);
const xrayHeader = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 3 }))
    .map(([root, parent, sampled]) => `Root=${root};Parent=${parent};Sampled=${sampled}`),
  fc.constantFrom(
    'Root=1-zzzzzzzz-000000000000000000000000;Sampled=1',
    'Root=;Parent=;',
    ';;;;',
    'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=9',
  ),
);
const baggage = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '===,;;%%%',
    'key=%E0%A4%A',
    `k=${'v'.repeat(9_000)}`,
    Array.from({ length: 200 }, (_, i) => `k${i}=v`).join(','),
  ),
);
/** Header values as a client could send them: latin1 only, no CR or LF. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

const badTraceContext = fc
  .record({ traceparent, xray: xrayHeader, baggage }, { requiredKeys: [] })
  .filter((headers) => Object.keys(headers).length > 0)
  .map((headers) => ({
    kind: 'malformed trace context',
    request: raw(
      'GET',
      '/api/activities/home',
      [
        ...(headers.traceparent === undefined ? [] : [['traceparent', headers.traceparent]]),
        ...(headers.xray === undefined ? [] : [['X-Amzn-Trace-Id', headers.xray]]),
        ...(headers.baggage === undefined ? [] : [['baggage', headers.baggage]]),
      ].map(([name, value]): [string, string] => [name as string, headerSafe(value as string)]),
    ),
  }));

const garbage = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
  kind: 'garbage request line',
  request: Buffer.concat([Buffer.from(bytes), Buffer.from('\r\n\r\n')]),
}));

/** The corpus, reproducible from `seed`. */
export function badInputCorpus(seed: number): BadInput[] {
  const take = <T extends { kind: string; request: Buffer }>(
    arbitrary: fc.Arbitrary<T>,
    count: number,
    expect: BadInput['expect'] = '4xx',
  ): BadInput[] =>
    fc.sample(arbitrary, { numRuns: count, seed }).map((input) => ({ ...input, expect }));
  return [
    ...take(malformedJson, 200),
    ...take(wrongTypes, 150),
    ...take(hugeStrings, 60),
    ...take(unicode, 200),
    ...take(invalidUuids, 150),
    ...take(oddMethods, 120),
    ...take(oversizedHeaders, 40),
    ...take(garbage, 60),
    ...take(badTraceContext, 200, '2xx'),
  ];
}

/** Sends one raw request and resolves with the status code, or 0 if the connection closed without one. */
export function send(port: number, request: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    // The server may answer (413, 431) and close before it has read everything we send.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0));
    });
    socket.end(request);
  });
}
