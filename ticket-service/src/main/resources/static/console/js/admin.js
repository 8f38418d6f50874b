// Admin pages: agents (list, create, disable or enable) and groups (list, create), over /api/admin/**.
import { ApiError, api } from './api.js';
import { clear, fullTime, h } from './dom.js';

function problems(element, error) {
  clear(element, error instanceof ApiError ? [error.message, ...error.details.map((d) => h('div', {}, `${d.field}: ${d.problem}`))]
    : error.message);
}

export async function agentsPage(pane, app) {
  const tbody = h('tbody', {});
  const table = h('table', { dataset: { test: 'agents' } },
    h('thead', {}, h('tr', {}, ['Login', 'Name', 'Email', 'Role', 'Groups', 'State', ''].map((c) => h('th', {}, c)))), tbody);
  const f = {
    login: h('input', { name: 'login', required: true, dataset: { test: 'agent-login' } }),
    name: h('input', { name: 'name', required: true, dataset: { test: 'agent-name' } }),
    email: h('input', { name: 'email', type: 'email', dataset: { test: 'agent-email' } }),
    password: h('input', { name: 'password', type: 'password', autocomplete: 'new-password',
      dataset: { test: 'agent-password' } }),
    role: h('select', { name: 'role', dataset: { test: 'agent-role' } }, h('option', { value: 'agent' }, 'agent'),
      h('option', { value: 'admin' }, 'admin')),
    groups: h('input', { name: 'groups', placeholder: 'support, sales', list: 'known-groups', dataset: { test: 'agent-groups' } }),
  };
  const known = h('datalist', { id: 'known-groups' });
  const errors = h('div', { class: 'details', dataset: { test: 'agent-errors' } });
  const form = h('form', { class: 'form-grid', dataset: { test: 'agent-form' } },
    ...Object.entries(f).flatMap(([name, input]) => [h('label', {}, name[0].toUpperCase() + name.slice(1)), input]),
    h('span', {}), errors,
    h('div', { class: 'actions' }, h('button', { class: 'primary', dataset: { test: 'agent-create' } }, 'Create agent')));
  clear(pane, h('div', { class: 'page', dataset: { test: 'agents-page' } }, h('h2', {}, 'Agents'), table,
    h('h3', {}, 'New agent'), h('p', { class: 'kind' }, 'Passwords: 12 to 128 characters.'), form, known));

  async function load() {
    const [agents, groups] = await Promise.all([api('/api/admin/agents'), api('/api/admin/groups').catch(() => ({ items: [] }))]);
    clear(known, (groups.items || []).map((g) => h('option', { value: g.name })));
    clear(tbody, (agents.items || agents || []).map(row));
  }

  function row(a) {
    const toggle = h('button', { type: 'button', class: a.enabled ? 'danger' : '', dataset: { test: a.enabled ? 'agent-disable' : 'agent-enable' } },
      a.enabled ? 'Disable' : 'Enable');
    toggle.addEventListener('click', async () => {
      try {
        await api(`/api/admin/agents/${a.id}`, { method: 'PATCH', json: { enabled: !a.enabled } });
        await load();
      } catch (e) {
        app.error(e);
      }
    });
    const state = !a.enabled ? 'disabled' : a.lockedUntil && new Date(a.lockedUntil) > new Date()
      ? `locked until ${fullTime(a.lockedUntil)}` : 'active';
    return h('tr', { dataset: { test: 'agent-row', login: a.login } },
      h('td', {}, a.login), h('td', {}, a.name), h('td', {}, a.email || ''), h('td', {}, a.role),
      h('td', {}, (a.groups || []).join(', ')), h('td', { dataset: { test: 'agent-state' } }, state), h('td', {}, toggle));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(errors);
    const body = {
      login: f.login.value.trim(), name: f.name.value.trim(), role: f.role.value,
      groups: f.groups.value.split(',').map((g) => g.trim()).filter(Boolean),
    };
    if (f.email.value.trim()) {
      body.email = f.email.value.trim();
    }
    if (f.password.value) {
      body.password = f.password.value;
    }
    try {
      const created = await api('/api/admin/agents', { method: 'POST', json: body });
      form.reset();
      app.toast(`Agent ${created.login} created`);
      await load();
    } catch (e) {
      problems(errors, e);
    }
  });
  await load();
}

export async function groupsPage(pane, app) {
  const tbody = h('tbody', {});
  const name = h('input', { name: 'name', required: true, dataset: { test: 'group-name' } });
  const description = h('input', { name: 'description', dataset: { test: 'group-description' } });
  const errors = h('div', { class: 'details', dataset: { test: 'group-errors' } });
  const form = h('form', { class: 'form-grid', dataset: { test: 'group-form' } },
    h('label', {}, 'Name'), name, h('label', {}, 'Description'), description, h('span', {}), errors,
    h('div', { class: 'actions' }, h('button', { class: 'primary', dataset: { test: 'group-create' } }, 'Create group')));
  clear(pane, h('div', { class: 'page', dataset: { test: 'groups-page' } }, h('h2', {}, 'Groups'),
    h('table', { dataset: { test: 'groups' } },
      h('thead', {}, h('tr', {}, ['Name', 'Description', 'Members'].map((c) => h('th', {}, c)))), tbody),
    h('h3', {}, 'New group'), form));

  async function load() {
    const groups = await api('/api/admin/groups');
    clear(tbody, (groups.items || []).map((g) => h('tr', { dataset: { test: 'group-row', name: g.name } },
      h('td', {}, g.name), h('td', {}, g.description || ''), h('td', {}, String(g.members ?? g.memberCount ?? '')))));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(errors);
    try {
      await api('/api/admin/groups', { method: 'POST', json: { name: name.value.trim(), description: description.value.trim() || undefined } });
      form.reset();
      app.toast('Group created');
      await load();
    } catch (e) {
      problems(errors, e);
    }
  });
  await load();
}
