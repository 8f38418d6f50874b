// A new conversation, started by the business with a template: POST /api/tickets.
import { api } from './api.js';
import { clear, h } from './dom.js';
import { templatePicker } from './templates.js';

export function startPage(pane, app) {
  const channels = h('datalist', { id: 'known-channels' }, app.channels().map((c) => h('option', { value: c })));
  const channel = h('input', { list: 'known-channels', required: true, dataset: { test: 'start-channel' } });
  const waId = h('input', { required: true, inputmode: 'numeric', pattern: '[0-9]{6,20}', placeholder: '4915112345678',
    dataset: { test: 'start-waid' } });
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
        json: { channelId: channel.value.trim(), customer: { waId: waId.value.trim().replace(/^\+/, '') }, article } });
      app.toast(`Conversation #${ticket.id} started`);
      location.hash = `#/t/${ticket.id}`;
    } catch (e) {
      clear(errors, e.message, ...(e.details || []).map((d) => h('div', {}, `${d.field}: ${d.problem}`)));
    }
  });

  clear(pane, h('div', { class: 'page', dataset: { test: 'start-page' } },
    h('h2', {}, 'New conversation'),
    h('p', { class: 'kind' }, 'Outside a customer service window WhatsApp lets a business write first only with an approved template.'),
    h('div', { class: 'form-grid' }, h('label', {}, 'Channel'), channel, h('label', {}, 'Customer WhatsApp id'), waId),
    channels, h('h3', {}, 'Template'), pickerRoot, errors, h('p', {}, send)));
}
