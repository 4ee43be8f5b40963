import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A Query Specification as the repository keeps it (honeycomb/queries/*.json). */
export const querySpecSchema = z
  .object({
    time_range: z.number().int().positive(),
    calculated_fields: z.array(z.object({ name: z.string(), expression: z.string() })).optional(),
    calculations: z.array(z.object({ op: z.string(), column: z.string().optional() })).min(1),
    filters: z
      .array(z.object({ column: z.string(), op: z.string(), value: z.unknown().optional() }))
      .optional(),
    breakdowns: z.array(z.string()).optional(),
    orders: z
      .array(
        z.object({
          op: z.string().optional(),
          column: z.string().optional(),
          order: z.enum(['ascending', 'descending']),
        }),
      )
      .optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type QuerySpec = z.infer<typeof querySpecSchema>;

/** Which Honeycomb dataset a query runs in: the API's, the browser client's, or all of them. */
export type DatasetRole = 'backend' | 'frontend' | 'environment';

const boardSchema = z.object({
  name: z.string().min(1).max(255),
  description: z.string().max(1024),
  queries: z
    .array(
      z.object({
        file: z.string().regex(/^[a-z0-9-]+\.json$/),
        dataset: z.enum(['backend', 'frontend', 'environment']),
        // Honeycomb's limits for a query annotation's name and description.
        name: z.string().min(1).max(80),
        description: z.string().max(280),
        style: z.enum(['graph', 'table', 'combo']).default('graph'),
      }),
    )
    .min(1),
});

export interface SavedQuery {
  name: string;
  description: string;
  dataset: DatasetRole;
  style: 'graph' | 'table' | 'combo';
  spec: QuerySpec;
}

export interface BoardDefinition {
  name: string;
  description: string;
  queries: SavedQuery[];
}

export const definitionsDir = path.resolve(__dirname, '..');

/** board.json and the query files it names, validated. */
export function loadBoard(dir: string = definitionsDir): BoardDefinition {
  const read = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const board = boardSchema.parse(read('board.json'));
  return {
    name: board.name,
    description: board.description,
    queries: board.queries.map(({ file, ...query }) => ({
      ...query,
      spec: querySpecSchema.parse(read(path.join('queries', file))),
    })),
  };
}
