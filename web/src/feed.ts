import type { Activity } from './api';

function item(activity: Activity): HTMLLIElement {
  const li = document.createElement('li');
  const who = document.createElement('strong');
  who.textContent = activity.display_name;
  const handle = document.createElement('span');
  handle.className = 'handle';
  handle.textContent = ` @${activity.handle}`;
  const message = document.createElement('p');
  message.textContent = activity.message;
  li.append(who, handle, message);
  return li;
}

/** Replaces the list's items with the activities, newest first as the API sends them. */
export function renderFeed(list: HTMLElement, activities: Activity[]): void {
  list.replaceChildren(...activities.map(item));
}
