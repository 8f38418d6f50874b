// What the agent writes: a reply (text, files, a canned response), an internal note, or a template. Outside the
// customer service window free-form content is blocked, with the reason, and the template picker is offered. Files
// chosen for a reply are estimated before sending: each is one WhatsApp message, and when that makes several billable
// messages the composer says so. A template the customer refused (marketing) is refused with the API's reason.
import { api } from './api.js';
import { clear, fullTime, h } from './dom.js';
import { templatePicker } from './templates.js';

export function composer(root, app, thread) {
  let ticket = null;
  let mode = 'reply';
  let picker = null;
  let pickerChannel = null;
  let cannedFor = null;

  const tabs = {
    reply: h('button', { type: 'button', dataset: { test: 'tab-reply' } }, 'Reply'),
    note: h('button', { type: 'button', dataset: { test: 'tab-note' } }, 'Internal note'),
    template: h('button', { type: 'button', dataset: { test: 'tab-template' } }, 'Template'),
  };
  const blocked = h('p', { class: 'blocked', dataset: { test: 'composer-blocked' }, hidden: true });
  const text = h('textarea', { dataset: { test: 'composer-text' }, 'aria-label': 'Message' });
  const files = h('input', { type: 'file', multiple: true, dataset: { test: 'composer-files' }, 'aria-label': 'Attach files' });
  const canned = h('select', { dataset: { test: 'canned' }, 'aria-label': 'Canned response' },
    h('option', { value: '' }, 'Canned responses…'));
  const send = h('button', { type: 'button', class: 'primary', dataset: { test: 'composer-send' } }, 'Send');
  const billing = h('p', { class: 'billing', dataset: { test: 'composer-billing' }, hidden: true });
  const writing = h('div', { class: 'writing' }, text, billing,
    h('div', { class: 'row' }, files, h('span', { class: 'grow' }), canned, send));
  const templateRoot = h('div', { class: 'template-picker', dataset: { test: 'template-picker' } });
  const templateSend = h('button', { type: 'button', class: 'primary', dataset: { test: 'template-send' } }, 'Send template');
  const templatePane = h('div', { hidden: true }, templateRoot, h('div', { class: 'row' }, h('span', { class: 'grow' }), templateSend));

  clear(root, h('div', { class: 'tabs', role: 'tablist' }, Object.values(tabs)), blocked, writing, templatePane);

  for (const [name, tab] of Object.entries(tabs)) {
    tab.addEventListener('click', () => {
      mode = name;
      draw();
    });
  }

  canned.addEventListener('change', () => {
    const option = canned.selectedOptions[0];
    if (option && option.value) {
      text.value = text.value ? `${text.value}\n${option.dataset.text}` : option.dataset.text;
      text.focus();
    }
    canned.value = '';
  });

  // Before sending: how many billable messages the chosen files make (POST …/articles/estimate, the files described).
  async function estimateFiles() {
    billing.hidden = true;
    if (!ticket || mode !== 'reply' || files.files.length < 2) {
      return;
    }
    const described = Array.from(files.files, (f) => ({ mimeType: f.type, size: f.size, filename: f.name }));
    try {
      const estimate = await api(`/api/tickets/${ticket.id}/articles/estimate`,
        { method: 'POST', json: { files: described } });
      if (estimate.billableMessages > 1 && files.files.length) {
        billing.textContent = `This sends ${estimate.billableMessages} billable messages (${estimate.reason}).`;
        billing.hidden = false;
      }
    } catch {
      // the reply itself will say what is wrong with the files
    }
  }
  files.addEventListener('change', estimateFiles);

  const windowOpen = () => ticket && ticket.window && ticket.window.open
    && (!ticket.window.expiresAt || new Date(ticket.window.expiresAt).getTime() > Date.now());

  function draw() {
    if (!ticket) {
      return;
    }
    const open = windowOpen();
    for (const [name, tab] of Object.entries(tabs)) {
      tab.setAttribute('aria-selected', String(name === mode));
    }
    const freeForm = mode === 'reply';
    const blockedReply = freeForm && !open;
    blocked.hidden = !blockedReply && !(mode === 'template' && ticket.customer && ticket.customer.optedOut && !open);
    if (blockedReply) {
      const closedAt = ticket.window && ticket.window.expiresAt;
      blocked.textContent = closedAt
        ? `The customer service window closed at ${fullTime(closedAt)}: WhatsApp accepts only templates until the customer writes again.`
        : 'The customer has not written yet: WhatsApp accepts only templates until they do.';
    } else if (!blocked.hidden) {
      blocked.textContent = 'The customer opted out (STOP): templates outside the window are refused until they write START.';
    }
    writing.hidden = mode === 'template';
    // Outside the window the template picker is offered right under the reason.
    const offerTemplates = mode === 'template' || blockedReply;
    templatePane.hidden = !offerTemplates;
    text.disabled = blockedReply;
    files.disabled = blockedReply || mode === 'note';
    files.hidden = mode === 'note';
    canned.disabled = blockedReply;
    send.disabled = blockedReply;
    send.textContent = mode === 'note' ? 'Add note' : 'Send';
    text.placeholder = mode === 'note' ? 'Only agents see notes; they are never sent to WhatsApp.' : 'Write a reply…';
    if (offerTemplates && pickerChannel !== ticket.channelId) {
      pickerChannel = ticket.channelId;
      templatePicker(templateRoot, ticket.channelId).then((p) => { picker = p; });
    }
  }

  async function loadCanned() {
    if (cannedFor === ticket.id) {
      return;
    }
    cannedFor = ticket.id;
    try {
      const items = (await api(`/api/canned-responses?ticketId=${ticket.id}`)).items || [];
      clear(canned, h('option', { value: '' }, items.length ? 'Canned responses…' : 'No canned responses'),
        items.map((c) => h('option', { value: String(c.id), dataset: { text: c.rendered || c.text } }, c.name)));
    } catch {
      clear(canned, h('option', { value: '' }, 'No canned responses'));
    }
  }

  async function submit() {
    if (!ticket) {
      return;
    }
    send.disabled = true;
    try {
      if (mode === 'note') {
        if (!text.value.trim()) {
          return;
        }
        await api(`/api/tickets/${ticket.id}/notes`, { method: 'POST', json: { text: text.value } });
      } else if (files.files.length) {
        const form = new FormData();
        for (const file of files.files) {
          form.append('file', file);
        }
        if (text.value.trim()) {
          form.append('caption', text.value);
        }
        await api(`/api/tickets/${ticket.id}/articles`, { method: 'POST', form });
        files.value = '';
        billing.hidden = true;
      } else {
        if (!text.value.trim()) {
          return;
        }
        await api(`/api/tickets/${ticket.id}/articles`, { method: 'POST', json: { type: 'text', text: text.value } });
      }
      text.value = '';
      await thread.refresh();
    } catch (e) {
      app.error(e);
      if (e.code === 'service_window_closed') {
        await thread.refresh();
      }
    } finally {
      draw();
    }
  }

  send.addEventListener('click', submit);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      submit();
    }
  });

  templateSend.addEventListener('click', async () => {
    if (!picker) {
      return;
    }
    let content;
    try {
      content = picker.content();
    } catch (e) {
      app.toast(e.message, true);
      return;
    }
    templateSend.disabled = true;
    try {
      await api(`/api/tickets/${ticket.id}/articles`, { method: 'POST', json: content });
      app.toast('Template sent');
      pickerChannel = null;
      await thread.refresh();
    } catch (e) {
      app.error(e);
    } finally {
      templateSend.disabled = false;
    }
  });

  return {
    async update(next) {
      ticket = next;
      draw();
      await loadCanned();
    },
  };
}
