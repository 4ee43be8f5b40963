import { isDeepStrictEqual } from 'node:util';
import type { BoardPanel, HoneycombApi, QueryAnnotation } from './api';
import type { BoardDefinition, DatasetRole, QuerySpec, SavedQuery } from './definitions';

export type Outcome = 'created' | 'updated' | 'replaced' | 'unchanged';

export interface SyncReport {
  queries: { name: string; outcome: Outcome }[];
  board: { outcome: 'created' | 'updated'; url: string };
}

/**
 * Whether a query Honeycomb stored is the one defined here: every field given here is
 * equal, and Honeycomb's copy has nothing else but its id. (Queries are immutable in
 * Honeycomb; a changed one is a new query.)
 */
function sameSpec(defined: QuerySpec, stored: QuerySpec & { id: string }): boolean {
  const fields = new Set([...Object.keys(defined), ...Object.keys(stored)]);
  fields.delete('id');
  return [...fields].every((field) =>
    isDeepStrictEqual(
      (defined as Record<string, unknown>)[field],
      (stored as Record<string, unknown>)[field],
    ),
  );
}

/**
 * Creates or updates the saved queries and their board so that Honeycomb matches the
 * definitions; safe to run again. Each query is found by its annotation's name. A query
 * whose spec changed gets a new query and annotation (an annotation's query cannot be
 * changed), and the old annotation is deleted once the board points at the new one.
 */
export async function syncBoard(
  api: HoneycombApi,
  board: BoardDefinition,
  datasets: Record<DatasetRole, string>,
): Promise<SyncReport> {
  const annotations = new Map<string, Promise<QueryAnnotation[]>>();
  const listed = (dataset: string) => {
    if (!annotations.has(dataset)) annotations.set(dataset, api.listAnnotations(dataset));
    return annotations.get(dataset) as Promise<QueryAnnotation[]>;
  };
  const stale: { dataset: string; id: string }[] = [];
  const panels: BoardPanel[] = [];
  const queries: SyncReport['queries'] = [];

  const saveQuery = async (
    query: SavedQuery,
  ): Promise<{ outcome: Outcome; annotation: QueryAnnotation }> => {
    const dataset = datasets[query.dataset];
    const existing = (await listed(dataset)).find((a) => a.name === query.name);
    const text = { name: query.name, description: query.description };
    if (existing && sameSpec(query.spec, await api.getQuery(dataset, existing.query_id))) {
      if ((existing.description ?? '') === query.description) {
        return { outcome: 'unchanged', annotation: existing };
      }
      const annotation = await api.updateAnnotation(dataset, existing.id, {
        ...text,
        query_id: existing.query_id,
      });
      return { outcome: 'updated', annotation };
    }
    const created = await api.createQuery(dataset, query.spec);
    const annotation = await api.createAnnotation(dataset, { ...text, query_id: created.id });
    if (existing) stale.push({ dataset, id: existing.id });
    return { outcome: existing ? 'replaced' : 'created', annotation };
  };

  for (const query of board.queries) {
    const { outcome, annotation } = await saveQuery(query);
    queries.push({ name: query.name, outcome });
    panels.push({
      type: 'query',
      query_panel: {
        query_id: annotation.query_id,
        query_annotation_id: annotation.id,
        query_style: query.style,
      },
    });
  }
  const body = {
    name: board.name,
    description: board.description,
    type: 'flexible' as const,
    layout_generation: 'auto' as const,
    panels,
  };
  const found = (await api.listBoards()).find((b) => b.name === board.name);
  const saved = found ? await api.updateBoard(found.id, body) : await api.createBoard(body);
  for (const { dataset, id } of stale) await api.deleteAnnotation(dataset, id);
  return {
    queries,
    board: { outcome: found ? 'updated' : 'created', url: saved.links?.board_url ?? '' },
  };
}
