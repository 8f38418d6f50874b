// A new conversation, started by the business with a template: POST /api/tickets.
import { api } from './api.js';
import { clear, h } from './dom.js';
import { templatePicker } from './templates.js';

export function startPage(pane, app) {
  const channels = h('datalist', { id: 'known-channels' }, app.channels().map((c) => h('option', { value: c })));
  const channel = h('input', { list: 'known-channels', required: true, dataset: { test: 'start-channel' } });
  // a WhatsApp number (digits, an optional +) or a business-scoped user id (BSUID, e.g. US.13491208655302741918)
  const waId = h('input', { required: true, pattern: '\\+?[0-9]{6,20}|[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}',
    placeholder: '4915112345678 or US.1349…', dataset: { test: 'start-waid' } });
  const pickerRoot = h('div', { class: 'template-picker', dataset: { test: 'template-picker' } });
  const send = h('button', { type: 'button', class: 'primary', dataset: { test: 'start-send' } }, 'Start conversation');
  const errors = h('div', { class: 'details', dataset: { test: 'start-errors' } });
  let picker = null;

  const loadPicker = async () => {
    picker = null;
    if (channel.value.trim()) {
      picker = await templatePicker(pickerRoot, channel.value.trim());
    } else {
      clear(pickerRoot);
    }
  };
  channel.addEventListener('change', loadPicker);

  send.addEventListener('click', async () => {
    clear(errors);
    if (!picker) {
      clear(errors, 'Choose the channel first.');
      return;
    }
    try {
      const article = picker.content();
      const ticket = await api('/api/tickets', { method: 'POST',
        json: { channelId: channel.value.trim(), customer: customerOf(waId.value), article } });
      app.toast(`Conversation #${ticket.id} started`);
      location.hash = `#/t/${ticket.id}`;
    } catch (e) {
      clear(errors, e.message, ...(e.details || []).map((d) => h('div', {}, `${d.field}: ${d.problem}`)));
    }
  });

  clear(pane, h('div', { class: 'page', dataset: { test: 'start-page' } },
    h('h2', {}, 'New conversation'),
    h('p', { class: 'kind' }, 'Outside a customer service window WhatsApp lets a business write first only with an approved template.'),
    h('div', { class: 'form-grid' }, h('label', {}, 'Channel'), channel, h('label', {}, 'Customer (number or BSUID)'), waId),
    channels, h('h3', {}, 'Template'), pickerRoot, errors, h('p', {}, send)));
}

/** {waId} for a number, {userId} for a BSUID. */
function customerOf(value) {
  const id = value.trim();
  return /^\+?[0-9]+$/.test(id) ? { waId: id.replace(/^\+/, '') } : { userId: id };
}
