import type { QuerySpec } from './definitions';

export interface QueryAnnotation {
  id: string;
  name: string;
  description?: string;
  query_id: string;
}
export interface BoardPanel {
  type: 'query';
  query_panel: { query_id: string; query_annotation_id: string; query_style: string };
}
export interface Board {
  id: string;
  name: string;
  links?: { board_url?: string };
}
export interface BoardBody {
  name: string;
  description: string;
  type: 'flexible';
  layout_generation: 'auto';
  panels: BoardPanel[];
}

/** A refused call, with what Honeycomb said (never the key). */
export class HoneycombApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function failure(method: string, path: string, response: Response): Promise<never> {
  const body = (await response.json().catch(() => ({}))) as { error?: string; detail?: string };
  const said = body.detail ?? body.error ?? response.statusText;
  const hint =
    response.status === 401
      ? ' (HONEYCOMB_API_KEY must be a configuration key of the environment)'
      : response.status === 403
        ? ' (the key needs the Manage Queries and Columns and Manage Public Boards permissions)'
        : response.status === 429
          ? ` (rate limited; ${response.headers.get('ratelimit') ?? 'try again later'})`
          : '';
  throw new HoneycombApiError(
    response.status,
    `${method} ${path}: Honeycomb answered ${response.status}: ${said}${hint}`,
  );
}

/** The parts of Honeycomb's v1 API that saved queries and boards need. */
export function honeycombApi(baseUrl: string, apiKey: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { 'X-Honeycomb-Team': apiKey, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) return failure(method, path, response);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const ds = encodeURIComponent;
  return {
    createQuery: (dataset: string, spec: QuerySpec) =>
      call<QuerySpec & { id: string }>('POST', `/1/queries/${ds(dataset)}`, spec),
    getQuery: (dataset: string, id: string) =>
      call<QuerySpec & { id: string }>('GET', `/1/queries/${ds(dataset)}/${ds(id)}`),
    listAnnotations: (dataset: string) =>
      call<QueryAnnotation[]>('GET', `/1/query_annotations/${ds(dataset)}`),
    createAnnotation: (dataset: string, annotation: Omit<QueryAnnotation, 'id'>) =>
      call<QueryAnnotation>('POST', `/1/query_annotations/${ds(dataset)}`, annotation),
    updateAnnotation: (dataset: string, id: string, annotation: Omit<QueryAnnotation, 'id'>) =>
      call<QueryAnnotation>('PUT', `/1/query_annotations/${ds(dataset)}/${ds(id)}`, annotation),
    deleteAnnotation: (dataset: string, id: string) =>
      call<undefined>('DELETE', `/1/query_annotations/${ds(dataset)}/${ds(id)}`),
    listBoards: () => call<Board[]>('GET', '/1/boards'),
    createBoard: (board: BoardBody) => call<Board>('POST', '/1/boards', board),
    updateBoard: (id: string, board: BoardBody) => call<Board>('PUT', `/1/boards/${ds(id)}`, board),
  };
}
export type HoneycombApi = ReturnType<typeof honeycombApi>;
