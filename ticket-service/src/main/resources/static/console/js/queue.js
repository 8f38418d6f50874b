// The queue: the tickets the caller can see, newest activity first, filtered by state, group and assignee; each with
// its unread count, window state and countdown, last message and assignee.
import { api } from './api.js';
import { clear, fromTemplate, fullTime, h, part, when, windowBadge } from './dom.js';

export class QueueView {
  constructor(root, app) {
    this.app = app;
    this.filters = root.querySelector('[data-test="filters"]');
    this.list = root.querySelector('[data-test="queue"]');
    this.empty = root.querySelector('[data-test="queue-empty"]');
    this.selected = null;
    this.filters.addEventListener('change', () => this.refresh().catch((e) => app.error(e)));
  }

  groups(names) {
    const select = this.filters.group;
    const current = select.value;
    clear(select, h('option', { value: '' }, 'All groups'),
      [...new Set(names)].sort().map((g) => h('option', { value: g, selected: g === current }, g)));
  }

  query() {
    const params = new URLSearchParams({ state: this.filters.state.value, size: '100' });
    if (this.filters.group.value) {
      params.set('group', this.filters.group.value);
    }
    if (this.filters.assignee.value) {
      params.set('assignee', this.filters.assignee.value);
    }
    return params;
  }

  async refresh() {
    const answer = await api(`/api/tickets?${this.query()}`);
    const items = answer.items || [];
    const drawn = JSON.stringify(items);
    if (drawn === this.drawnJson) {
      return;
    }
    this.drawnJson = drawn;
    clear(this.list, items.map((t) => this.item(t)));
    this.empty.hidden = items.length > 0;
    this.app.sawChannels(items.map((t) => t.channelId));
  }

  select(ticketId) {
    this.selected = ticketId;
    for (const li of this.list.children) {
      li.classList.toggle('selected', li.dataset.ticketId === String(ticketId));
    }
  }

  item(t) {
    const li = fromTemplate('tpl-queue-item');
    li.dataset.ticketId = t.id;
    li.dataset.state = t.state;
    li.classList.toggle('selected', String(t.id) === String(this.selected));
    li.querySelector('a.row').href = `#/t/${t.id}`;
    const customer = t.customer || {};
    part(li, 'customer').textContent = customerName(customer);
    const unread = t.unread || 0;
    const badge = part(li, 'unread');
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
    li.classList.toggle('has-unread', unread > 0);
    const updated = part(li, 'updated');
    updated.textContent = when(t.updatedAt);
    updated.title = fullTime(t.updatedAt);
    const last = t.lastArticle;
    part(li, 'last-message').textContent = last
      ? `${last.direction === 'outbound' ? '↪ ' : ''}${last.text || `[${last.type}]`}` : '';
    if (t.state === 'closed') {
      const window = part(li, 'window');
      window.textContent = 'closed ticket';
      window.classList.add('state-closed');
    } else {
      windowBadge(part(li, 'window'), t.window, 'window');
    }
    part(li, 'group').textContent = t.group || 'no group';
    part(li, 'assignee').textContent = t.assignee ? `→ ${t.assignee.name || t.assignee.login}` : 'unassigned';
    if (customer.optedOut) {
      part(li, 'group').after(h('span', { class: 'badge opted-out', dataset: { test: 'queue-opted-out' } }, 'opted out'));
    }
    return li;
  }
}

/** The customer as agents know them: their name, else @username, else their number, else their BSUID. */
export function customerName(customer) {
  return customer.name || (customer.username ? `@${customer.username}` : null)
    || (customer.waId ? `+${customer.waId}` : null) || customer.userId || 'Customer';
}
