import { cruddurApi } from './api';
import { renderFeed } from './feed';
import { inSpan, step } from './spans';
import { startTracing } from './tracing';

// Compiled in by web/server.ts from the environment (web/config.ts).
declare const CRUDDUR_WEB: { apiUrl: string; tracesUrl: string; environment: string };

startTracing(CRUDDUR_WEB);
const api = cruddurApi(CRUDDUR_WEB.apiUrl);

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found;
}
const feed = element('feed');
const form = element('crud') as HTMLFormElement;
const status = element('status');

/** Loads the home feed and draws it: a span for the action, with the fetch and the render in it. */
function refresh(name: string) {
  return inSpan(name, async (parent) => {
    const activities = await api.home();
    step('render feed', parent, (span) => {
      renderFeed(feed, activities);
      span.setAttribute('app.result_length', activities.length);
    });
  });
}

function showError(what: string) {
  return (error: unknown) => {
    status.textContent = `Could not ${what}: ${error instanceof Error ? error.message : String(error)}`;
  };
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
  status.textContent = '';
  void inSpan('post activity', async () => {
    await api.post(field('message'), field('ttl'));
    form.reset();
  })
    .then(() => refresh('load home feed'))
    .catch(showError('post'));
});

void refresh('load home feed').catch(showError('load the feed'));
