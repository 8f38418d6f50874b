// The console's entry point: who is logged in, the hash routes (#/, #/t/<id>, #/new, #/admin/agents,
// #/admin/groups), live updates, the window countdowns and the toasts.
import { ApiError, api, postAndFollow } from './api.js';
import { agentsPage, groupsPage } from './admin.js';
import { clear, h, updateWindowBadge } from './dom.js';
import { connectLive } from './live.js';
import { QueueView } from './queue.js';
import { startPage } from './start.js';
import { ThreadView } from './thread.js';

const pane = document.getElementById('pane');
const toasts = document.querySelector('[data-test="toasts"]');

const app = {
  me: null,
  thread: null,
  knownChannels: new Set(),

  toast(message, isError = false) {
    const toast = h('div', { class: `toast${isError ? ' error' : ''}`, dataset: { test: isError ? 'toast-error' : 'toast' } }, message);
    toasts.append(toast);
    setTimeout(() => toast.remove(), isError ? 8000 : 4000);
  },

  error(e) {
    console.error(e);
    this.toast(e instanceof ApiError ? e.describe() : e.message, true);
  },

  sawChannels(channels) {
    channels.forEach((c) => this.knownChannels.add(c));
  },

  channels() {
    return [...this.knownChannels].sort();
  },

  async reloadAll() {
    if (this.thread) {
      await this.thread.refresh();
    }
    await queue.refresh();
  },
};

const queue = new QueueView(document.querySelector('.queue'), app);

async function route() {
  const hash = location.hash || '#/';
  const ticket = hash.match(/^#\/t\/(\d+)$/);
  app.thread = null;
  try {
    if (ticket) {
      queue.select(ticket[1]);
      app.thread = new ThreadView(pane, app, Number(ticket[1]));
      await app.thread.refresh();
      await queue.refresh();
    } else {
      queue.select(null);
      if (hash === '#/new') {
        startPage(pane, app);
      } else if (hash === '#/admin/agents' && app.me.role === 'admin') {
        await agentsPage(pane, app);
      } else if (hash === '#/admin/groups' && app.me.role === 'admin') {
        await groupsPage(pane, app);
      } else {
        clear(pane, h('p', { class: 'placeholder' }, 'Choose a conversation.'));
      }
    }
  } catch (e) {
    app.error(e);
  }
}

// Live events arrive in bursts (a message, its receipts): one reload per burst.
let pending = null;
let pendingTickets = new Set();
function onLive(event) {
  pendingTickets.add(String(event.ticketId));
  if (pending) {
    return;
  }
  pending = setTimeout(async () => {
    const tickets = pendingTickets;
    pending = null;
    pendingTickets = new Set();
    try {
      if (app.thread && tickets.has(String(app.thread.ticketId))) {
        await app.thread.refresh();
      }
      await queue.refresh();
    } catch (e) {
      app.error(e);
    }
  }, 150);
}

function ticker() {
  const now = Date.now();
  document.querySelectorAll('.queue [data-expires]').forEach((element) => updateWindowBadge(element, now));
  if (app.thread) {
    app.thread.tick(now);
  }
}

async function start() {
  try {
    app.me = await api('/api/me');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) {
      app.error(e);
    }
    return;
  }
  const me = document.querySelector('[data-test="me"]');
  me.textContent = app.me.name || app.me.login;
  me.title = `${app.me.login} · ${app.me.role}${app.me.groups && app.me.groups.length ? ` · ${app.me.groups.join(', ')}` : ''}`;
  document.body.dataset.role = app.me.role;
  document.querySelectorAll('.admin-only').forEach((element) => { element.hidden = app.me.role !== 'admin'; });
  document.querySelector('[data-test="logout"]').addEventListener('click', () => postAndFollow('/logout'));

  let groups = app.me.groups || [];
  if (app.me.role === 'admin') {
    groups = await api('/api/admin/groups').then((g) => (g.items || []).map((x) => x.name)).catch(() => groups);
  }
  queue.groups(groups);
  api('/api/templates').then((t) => app.sawChannels((t.items || []).map((x) => x.channelId))).catch(() => {});

  connectLive(document.querySelector('[data-test="live"]'), { onTicket: onLive, onReconnect: () => app.reloadAll().catch((e) => app.error(e)) });
  window.addEventListener('hashchange', route);
  setInterval(ticker, 1000);
  await queue.refresh().catch((e) => app.error(e));
  await route();
  document.body.dataset.ready = 'true';
}

start();
