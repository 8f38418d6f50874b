// A conversation: its header (customer, window, opt-out, assignee, close/reopen), its bubbles and notes, and the
// composer. Live events redraw it through refresh(); the composer keeps what the agent was typing.
import { api } from './api.js';
import { bubble, noteBubble } from './bubbles.js';
import { composer } from './composer.js';
import { clear, h, updateWindowBadge, windowBadge } from './dom.js';
import { customerName } from './queue.js';

export class ThreadView {
  constructor(pane, app, ticketId) {
    this.pane = pane;
    this.app = app;
    this.ticketId = ticketId;
    this.ticket = null;
    this.head = h('header', { class: 'thread-head', dataset: { test: 'thread-head' } });
    this.messages = h('ol', { class: 'messages', dataset: { test: 'messages' } });
    this.composerRoot = h('section', { class: 'composer', dataset: { test: 'composer' } });
    this.root = h('div', { class: 'pane', dataset: { test: 'thread', ticketId: String(ticketId) } },
      this.head, this.messages, this.composerRoot);
    clear(pane, this.root);
    this.composer = null;
  }

  async refresh() {
    let ticket;
    try {
      ticket = await api(`/api/tickets/${this.ticketId}`);
    } catch (e) {
      if (e.status === 404) {
        clear(this.root, h('p', { class: 'placeholder', dataset: { test: 'thread-missing' } },
          `There is no conversation ${this.ticketId} that you can see.`));
        return;
      }
      throw e;
    }
    this.ticket = ticket;
    // Redraw only what changed: live events come in bursts, and an agent may be selecting text.
    const drawn = JSON.stringify(ticket);
    if (drawn !== this.drawnJson) {
      this.drawnJson = drawn;
      this.root.dataset.state = ticket.state;
      this.drawHead(ticket);
      this.drawMessages(ticket);
    }
    if (!this.composer) {
      this.composer = composer(this.composerRoot, this.app, this);
    }
    await this.composer.update(ticket);
  }

  /** The ticker's tick: a window that has just closed blocks free text at once. */
  tick(now) {
    const badge = this.head.querySelector('[data-test="thread-window"]');
    if (badge) {
      updateWindowBadge(badge, now);
    }
    if (this.ticket && this.ticket.window && this.ticket.window.open && this.ticket.window.expiresAt
        && new Date(this.ticket.window.expiresAt).getTime() <= now) {
      this.ticket.window.open = false;
      this.composer.update(this.ticket);
    }
  }

  drawHead(t) {
    const customer = t.customer || {};
    const actions = h('div', { class: 'actions' });
    if (t.state === 'open') {
      actions.append(h('button', { type: 'button', dataset: { test: 'close' }, onclick: () => this.act('close') }, 'Close'));
    } else {
      actions.append(h('button', { type: 'button', dataset: { test: 'reopen' }, onclick: () => this.act('reopen') }, 'Reopen'));
    }
    clear(this.head,
      h('div', {},
        h('h2', { dataset: { test: 'thread-customer' } }, customerName(customer)),
        h('div', { class: 'sub' }, [customer.username ? `@${customer.username}` : null,
          customer.waId ? `+${customer.waId}` : customer.userId, t.channelId, t.group || 'no group', `#${t.id}`]
          .filter(Boolean).join(' · '))),
      h('span', { class: `badge state-${t.state}`, dataset: { test: 'thread-state' } }, t.state),
      windowBadge(h('span', { class: 'badge', dataset: { test: 'thread-window' } }), t.window),
      customer.optedOut ? h('span', { class: 'badge opted-out', dataset: { test: 'opted-out' },
        title: 'The customer wrote STOP: no templates outside the window until they write START' }, 'Opted out') : null,
      actions);
    this.assignSelect(t).then((select) => actions.prepend(select));
  }

  async assignSelect(t) {
    const select = h('select', { dataset: { test: 'assign' }, 'aria-label': 'Assignee' },
      h('option', { value: '' }, 'Unassigned'));
    let agents = [];
    try {
      agents = (await api(`/api/agents?group=${encodeURIComponent(t.group || '')}`)).items || [];
    } catch {
      // assignment is not offered when the list of agents cannot be read
    }
    const current = t.assignee;
    if (current && !agents.some((a) => a.id === current.id)) {
      agents.push(current);
    }
    for (const a of agents) {
      select.append(h('option', { value: String(a.id), selected: current && current.id === a.id }, a.name || a.login));
    }
    select.disabled = !agents.length && !current;
    select.addEventListener('change', async () => {
      try {
        await api(`/api/tickets/${t.id}/assign`, { method: 'POST', json: { agentId: select.value ? Number(select.value) : null } });
        this.app.toast(select.value ? `Assigned to ${select.selectedOptions[0].textContent}` : 'Unassigned');
        await this.app.reloadAll();
      } catch (e) {
        this.app.error(e);
      }
    });
    return select;
  }

  async act(action) {
    try {
      await api(`/api/tickets/${this.ticketId}/${action}`, { method: 'POST' });
      await this.app.reloadAll();
    } catch (e) {
      this.app.error(e);
    }
  }

  drawMessages(t) {
    const atBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 40;
    const articles = t.articles || [];
    const byMessageId = new Map(articles.filter((a) => a.messageId).map((a) => [a.messageId, a]));
    const items = [
      ...articles.map((a) => ({ at: a.createdAt, id: a.id, node: () => bubble(a, byMessageId) })),
      ...(t.notes || []).map((n) => ({ at: n.createdAt, id: n.id, node: () => noteBubble(n) })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    clear(this.messages, items.map((i) => i.node()));
    if (!items.length) {
      this.messages.append(h('li', { class: 'system-line' }, 'No messages yet.'));
    }
    if (atBottom || !this.drawn) {
      this.messages.scrollTop = this.messages.scrollHeight;
    }
    this.drawn = true;
  }
}
