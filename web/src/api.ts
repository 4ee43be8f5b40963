import type { Activity as ApiActivity } from '../../service/src/domain/activity.js';

/** The fields of an activity this page shows (the API returns more). */
export type Activity = Pick<
  ApiActivity,
  'uuid' | 'handle' | 'display_name' | 'message' | 'created_at'
>;

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`the API answered ${response.status}`);
  return (await response.json()) as T;
}

/** The two calls of Cruddur's API this page makes. */
export function cruddurApi(apiUrl: string) {
  return {
    home: async (): Promise<Activity[]> =>
      json<Activity[]>(await fetch(new URL('/api/activities/home', apiUrl))),
    post: async (message: string, ttl: string): Promise<Activity> =>
      json<Activity>(
        await fetch(new URL('/api/activities', apiUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message, ttl }),
        }),
      ),
  };
}
