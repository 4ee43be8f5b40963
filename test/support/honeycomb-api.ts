import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredAnnotation {
  id: string;
  dataset: string;
  name: string;
  description: string;
  query_id: string;
}
export interface StoredBoard {
  id: string;
  name: string;
  description: string;
  type: string;
  panels: { type: string; query_panel: { query_id: string; query_annotation_id: string } }[];
}

const problem = (status: number, kind: string, title: string, detail: string) => ({
  status,
  type: `https://api.honeycomb.io/problems/${kind}`,
  title,
  error: detail,
  detail,
});
const newId = () => randomBytes(6).toString('base64url');

/**
 * A stand-in for Honeycomb's v1 API on 127.0.0.1, as much as saved queries need: queries
 * (create, get), query annotations (list, create, update, delete), boards (list, create,
 * update), the X-Honeycomb-Team key check (401 with the legacy error body), rate limiting
 * (429, RFC 7807 body and RateLimit headers) and 404/400 problems. It keeps every object and
 * every request (method and path) for assertions.
 */
export class HoneycombApiStandIn {
  readonly queries = new Map<string, { dataset: string; spec: Record<string, unknown> }>();
  readonly annotations = new Map<string, StoredAnnotation>();
  readonly boards = new Map<string, StoredBoard>();
  readonly requests: string[] = [];
  /** Requests answered normally before every further one gets 429. */
  rateLimitAfter = Infinity;

  private constructor(
    private readonly server: Server,
    private readonly apiKey: string,
  ) {}

  static async start(apiKey: string): Promise<HoneycombApiStandIn> {
    const server = createServer();
    const standIn = new HoneycombApiStandIn(server, apiKey);
    server.on('request', (req, res) => {
      void standIn.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    this.requests.push(`${req.method ?? ''} ${path}`);
    if (req.headers['x-honeycomb-team'] !== this.apiKey) {
      send(401, { error: 'unknown API key - check your credentials' });
      return;
    }
    if (this.requests.length > this.rateLimitAfter) {
      const detail = 'You have exceeded your rate limit.';
      send(429, problem(429, 'rate-limited', detail, detail), {
        RateLimit: 'limit=10, remaining=0, reset=42',
        'RateLimit-Policy': '10;w=60',
      });
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      if (chunks.length > 0)
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      send(400, problem(400, 'unparseable', 'The request body could not be parsed.', 'bad JSON'));
      return;
    }
    const answer = this.route(
      req.method ?? '',
      path.split('/').slice(1).map(decodeURIComponent),
      body,
    );
    send(answer.status, answer.body);
  }

  private route(
    method: string,
    [version, resource, first, second]: string[],
    body: Record<string, unknown>,
  ): { status: number; body?: unknown } {
    const notFound = (what: string) => ({
      status: 404,
      body: problem(
        404,
        'not-found',
        'The requested resource cannot be found.',
        `${what} not found`,
      ),
    });
    const invalid = (detail: string) => ({
      status: 422,
      body: problem(422, 'validation-failed', 'The provided input is invalid.', detail),
    });
    if (version !== '1') return notFound('route');
    const key = `${method} ${resource ?? ''}${first === undefined ? '' : '/:x'}${second === undefined ? '' : '/:y'}`;
    switch (key) {
      case 'POST queries/:x': {
        const id = newId();
        this.queries.set(id, { dataset: first as string, spec: body });
        return { status: 200, body: { ...body, id } };
      }
      case 'GET queries/:x/:y': {
        const query = this.queries.get(second as string);
        return query && query.dataset === first
          ? { status: 200, body: { ...query.spec, id: second } }
          : notFound('Query');
      }
      case 'GET query_annotations/:x':
        return {
          status: 200,
          body: [...this.annotations.values()]
            .filter((a) => a.dataset === first)
            .map(publicAnnotation),
        };
      case 'POST query_annotations/:x': {
        const query = this.queries.get(String(body.query_id));
        if (!query || query.dataset !== first) return notFound('Query');
        if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 80)
          return invalid('name must be 1 to 80 characters');
        const annotation = {
          id: newId(),
          dataset: query.dataset,
          name: body.name,
          description: typeof body.description === 'string' ? body.description : '',
          query_id: String(body.query_id),
        };
        this.annotations.set(annotation.id, annotation);
        return { status: 201, body: publicAnnotation(annotation) };
      }
      case 'PUT query_annotations/:x/:y': {
        const annotation = this.annotations.get(second as string);
        if (!annotation || annotation.dataset !== first) return notFound('Query Annotation');
        if (body.query_id !== undefined && body.query_id !== annotation.query_id)
          return invalid('the query of an annotation cannot be changed');
        annotation.name = String(body.name);
        annotation.description = typeof body.description === 'string' ? body.description : '';
        return { status: 200, body: publicAnnotation(annotation) };
      }
      case 'DELETE query_annotations/:x/:y':
        return this.annotations.delete(second as string)
          ? { status: 204 }
          : notFound('Query Annotation');
      case 'GET boards':
        return { status: 200, body: [...this.boards.values()].map((b) => this.publicBoard(b)) };
      case 'POST boards':
      case 'PUT boards/:x': {
        const problemText = this.boardProblem(body);
        if (problemText) return invalid(problemText);
        const id = first ?? newId();
        if (first !== undefined && !this.boards.has(first)) return notFound('Board');
        const board = { ...(body as unknown as StoredBoard), id };
        this.boards.set(id, board);
        return { status: first === undefined ? 201 : 200, body: this.publicBoard(board) };
      }
      default:
        return notFound('route');
    }
  }

  private boardProblem(body: Record<string, unknown>): string | undefined {
    if (body.type !== 'flexible') return 'only flexible boards are supported';
    if (typeof body.name !== 'string' || body.name === '') return 'name is required';
    for (const panel of (body.panels ?? []) as StoredBoard['panels']) {
      const annotation = this.annotations.get(panel.query_panel.query_annotation_id);
      if (!this.queries.has(panel.query_panel.query_id)) return 'panel query not found';
      if (annotation?.query_id !== panel.query_panel.query_id)
        return 'query annotation must apply to the panel query';
    }
    return undefined;
  }

  private publicBoard(board: StoredBoard) {
    return {
      ...board,
      links: { board_url: `https://ui.honeycomb.io/team/environments/test/board/${board.id}` },
    };
  }
}

/** An annotation as the API shows it (the dataset is in the path, not the body). */
function publicAnnotation(annotation: StoredAnnotation) {
  const { id, name, description, query_id } = annotation;
  return { id, name, description, query_id };
}
