// A template message: picked from the channel's catalogue (GET /api/templates?channelId=), with a field for each
// parameter it takes; for a channel without a catalogue, a form (name, language, body parameters).
import { api } from './api.js';
import { clear, h } from './dom.js';

/**
 * Renders the picker into {@code root} and answers {content(): the article's JSON, or throws with a reason}.
 * @param channelId whose catalogue to offer
 */
export async function templatePicker(root, channelId) {
  clear(root, h('p', { class: 'kind' }, 'Loading templates…'));
  let templates = [];
  try {
    const answer = await api(`/api/templates?channelId=${encodeURIComponent(channelId)}`);
    templates = (answer.items || []).filter((t) => t.channelId === channelId);
  } catch (e) {
    clear(root, h('p', { class: 'blocked' }, `Templates could not be loaded: ${e.message}`));
    return { content: () => { throw new Error('no templates'); } };
  }
  const approved = templates.filter((t) => (t.status || '').toUpperCase() === 'APPROVED');
  if (!templates.length) {
    return freeForm(root);
  }
  return catalogue(root, approved, templates.length - approved.length);
}

function catalogue(root, templates, notApproved) {
  const select = h('select', { dataset: { test: 'template-select' }, 'aria-label': 'Template' },
    h('option', { value: '' }, templates.length ? 'Choose a template…' : 'No approved template'),
    templates.map((t, i) => h('option', { value: String(i) }, `${t.name} (${t.language})${t.category ? ` · ${t.category}` : ''}`)));
  const params = h('div', { class: 'template-params', dataset: { test: 'template-params' } });
  const preview = h('div', { class: 'template-preview', dataset: { test: 'template-preview' }, hidden: true });
  let fields = [];
  let chosen = null;

  const redraw = () => {
    if (!chosen) {
      preview.hidden = true;
      return;
    }
    let text = bodyText(chosen);
    const body = fields.filter((f) => f.component === 'body');
    body.forEach((f, i) => {
      const key = f.name ? `{{${f.name}}}` : `{{${i + 1}}}`;
      text = text.split(key).join(f.input.value || key);
    });
    preview.textContent = text;
    preview.hidden = !text;
  };

  select.addEventListener('change', () => {
    chosen = select.value === '' ? null : templates[Number(select.value)];
    fields = chosen ? parameterFields(chosen) : [];
    clear(params, fields.map((f) => [h('label', { for: f.input.id }, f.label), f.input]));
    fields.forEach((f) => f.input.addEventListener('input', redraw));
    redraw();
  });

  clear(root, h('div', { class: 'row' }, select), params, preview,
    notApproved ? h('p', { class: 'kind' }, `${notApproved} template(s) not approved are not offered.`) : null);
  return {
    content() {
      if (!chosen) {
        throw new Error('Choose a template.');
      }
      const missing = fields.find((f) => f.required && !f.input.value.trim());
      if (missing) {
        missing.input.focus();
        throw new Error(`${missing.label} is required.`);
      }
      return build(chosen, fields);
    },
  };
}

let fieldIds = 0;

function field(component, label, extra = {}) {
  const input = h('input', { id: `tp-${++fieldIds}`, dataset: { test: 'template-param' }, 'aria-label': label });
  return { component, label, input, required: true, ...extra };
}

function parameterFields(t) {
  const p = t.parameters || {};
  const out = [];
  if (t.source === 'twilio') {
    for (const name of (p.body && p.body.names) || []) {
      out.push(field('twilio', `Variable ${name}`, { name }));
    }
    return out;
  }
  const header = p.header;
  if (header && header.format === 'TEXT') {
    for (let i = 0; i < (header.count || 0); i++) {
      const name = header.names ? header.names[i] : null;
      out.push(field('header', `Header ${name || i + 1}`, { name, kind: 'text' }));
    }
  } else if (header && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(header.format)) {
    out.push(field('header', `Header ${header.format.toLowerCase()} link`, { kind: header.format.toLowerCase() }));
  }
  const body = p.body || { count: 0 };
  for (let i = 0; i < (body.count || 0); i++) {
    const name = body.names ? body.names[i] : null;
    out.push(field('body', name ? `{{${name}}}` : `{{${i + 1}}}`, { name }));
  }
  for (const b of p.buttons || []) {
    if (b.parameter) {
      out.push(field('button', `Button ${b.index + 1} (${b.subType})`, { button: b, required: b.required }));
    }
  }
  return out;
}

function bodyText(t) {
  if (Array.isArray(t.components)) {
    const body = t.components.find((c) => (c.type || '').toUpperCase() === 'BODY');
    return body ? body.text || '' : '';
  }
  const types = t.components || {};
  const first = Object.values(types)[0];
  return (first && first.body) || '';
}

function build(t, fields) {
  if (t.source === 'twilio') {
    const variables = {};
    fields.forEach((f) => { variables[f.name] = f.input.value; });
    return { type: 'template', template: { contentSid: t.id, contentVariables: variables } };
  }
  const components = [];
  const header = fields.filter((f) => f.component === 'header');
  if (header.length) {
    components.push({ type: 'header', parameters: header.map((f) => (f.kind === 'text'
      ? named({ type: 'text', text: f.input.value }, f.name)
      : { type: f.kind, [f.kind]: { link: f.input.value } })) });
  }
  const body = fields.filter((f) => f.component === 'body');
  if (body.length) {
    components.push({ type: 'body', parameters: body.map((f) => named({ type: 'text', text: f.input.value }, f.name)) });
  }
  for (const f of fields.filter((x) => x.component === 'button' && x.input.value.trim())) {
    const b = f.button;
    components.push({ type: 'button', sub_type: b.subType, index: String(b.index),
      parameters: [{ type: b.parameter, [b.parameter]: f.input.value }] });
  }
  const template = { name: t.name, language: { code: t.language } };
  if (components.length) {
    template.components = components;
  }
  return { type: 'template', template };
}

function named(parameter, name) {
  return name ? { ...parameter, parameter_name: name } : parameter;
}

/** No catalogue for this channel: the agent names the template and gives its body parameters. */
function freeForm(root) {
  const name = h('input', { dataset: { test: 'template-name' }, placeholder: 'order_update', 'aria-label': 'Template name' });
  const language = h('input', { dataset: { test: 'template-language' }, value: 'en_US', size: 6, 'aria-label': 'Language' });
  const params = h('div', { class: 'template-params' });
  const addParam = () => {
    const n = params.querySelectorAll('input').length + 1;
    const input = h('input', { id: `tp-${++fieldIds}`, dataset: { test: 'template-param' } });
    params.append(h('label', { for: input.id }, `{{${n}}}`), input);
    return input;
  };
  clear(root,
    h('p', { class: 'kind' }, 'This channel has no template catalogue: name an approved template of its WhatsApp account.'),
    h('div', { class: 'row' }, h('label', {}, 'Name ', name), h('label', {}, 'Language ', language),
      h('button', { type: 'button', onclick: addParam, dataset: { test: 'template-add-param' } }, '+ parameter')),
    params);
  return {
    content() {
      if (!name.value.trim()) {
        name.focus();
        throw new Error('Name the template.');
      }
      const values = [...params.querySelectorAll('input')].map((i) => i.value);
      const template = { name: name.value.trim(), language: { code: language.value.trim() } };
      if (values.length) {
        template.components = [{ type: 'body', parameters: values.map((v) => ({ type: 'text', text: v })) }];
      }
      return { type: 'template', template };
    },
  };
}
