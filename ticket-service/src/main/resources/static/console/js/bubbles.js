// One article as a bubble: customers' on the left, ours on the right, internal notes apart. Every kind of content
// WhatsApp carries is drawn from the article's JSON (api/AgentApiController, inbound/plan/InboundContent).
import { bytes, fromTemplate, fullTime, h, part, when } from './dom.js';

const TICKS = { pending: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };
const TICK_TITLES = { pending: 'Waiting to be sent', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Failed' };
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];

/**
 * @param article the article's JSON
 * @param byMessageId the ticket's articles by WhatsApp message id, to quote what a reply replies to
 */
export function bubble(article, byMessageId) {
  const li = fromTemplate('tpl-bubble');
  li.classList.add(article.direction);
  li.dataset.articleId = article.id;
  li.dataset.direction = article.direction;
  li.dataset.type = article.type;
  li.dataset.status = article.status;

  if (article.direction === 'outbound') {
    const author = part(li, 'author');
    author.textContent = article.author ? article.author.name || article.author.login : 'Switchboard';
    author.title = article.author ? article.author.login : 'sent automatically (welcome message, reminder or echo)';
    author.hidden = false;
  }
  quote(part(li, 'quote'), article, byMessageId);
  part(li, 'body').append(...content(article));
  if (article.retry) {
    // a retry Switchboard scheduled after Meta's per-user marketing limit (131049): held until notBefore
    const r = article.retry;
    part(li, 'body').append(h('div', { class: 'retry', dataset: { test: 'retry' } },
      `Retry ${r.number} of ${r.of} of #${r.articleId} (Meta's marketing limit), not before ${fullTime(r.notBefore)}`));
  }

  const time = part(li, 'time');
  time.dateTime = article.createdAt;
  time.textContent = when(article.createdAt);
  time.title = fullTime(article.createdAt);
  if (article.direction === 'outbound' && TICKS[article.status]) {
    const ticks = part(li, 'ticks');
    ticks.textContent = TICKS[article.status];
    ticks.title = TICK_TITLES[article.status];
    ticks.dataset.status = article.status;
    ticks.hidden = false;
  }
  if (article.error) {
    const failure = part(li, 'failure');
    const e = article.error;
    failure.append(h('strong', {}, `Not delivered${e.code ? ` (${e.code})` : ''}: `), e.title || 'failed',
      e.message ? h('div', {}, e.message) : null);
    failure.hidden = false;
  }
  const reactions = article.reactions || [];
  if (reactions.length) {
    const list = part(li, 'reactions');
    for (const r of reactions) {
      list.append(h('li', { title: `${r.by || ''} ${fullTime(r.at)}`.trim(), dataset: { test: 'reaction' } }, r.emoji));
    }
    list.hidden = false;
  }
  return li;
}

/** An internal note: never sent to WhatsApp, styled apart. */
export function noteBubble(note) {
  const li = fromTemplate('tpl-bubble');
  li.classList.add('note');
  li.dataset.test = 'note';
  li.dataset.noteId = note.id;
  const author = part(li, 'author');
  author.textContent = note.author ? note.author.name || note.author.login : '';
  author.hidden = false;
  part(li, 'body').textContent = note.text;
  const time = part(li, 'time');
  time.textContent = when(note.createdAt);
  time.title = fullTime(note.createdAt);
  return li;
}

function quote(element, article, byMessageId) {
  const context = article.context;
  if (!context) {
    return;
  }
  const parts = [];
  if (context.forwarded || context.frequentlyForwarded) {
    parts.push(h('div', { class: 'kind' }, context.frequentlyForwarded ? 'Forwarded many times' : 'Forwarded'));
  }
  if (context.repliedToMessageId) {
    const original = byMessageId.get(context.repliedToMessageId);
    parts.push(original ? summary(original) : 'a message that is not in this conversation');
    element.dataset.repliedTo = context.repliedToMessageId;
  }
  if (context.referredProduct) {
    parts.push(h('div', {}, `About product ${context.referredProduct.productRetailerId || ''}`));
  }
  if (parts.length) {
    element.append(...parts);
    element.hidden = false;
  }
}

/** One line saying what an article is, for quotes. */
export function summary(article) {
  if (article.text) {
    return article.text.length > 160 ? `${article.text.slice(0, 160)}…` : article.text;
  }
  if (article.location) {
    return `Location: ${article.location.name || article.location.address || ''}`;
  }
  if (article.contacts) {
    return `Contact: ${article.contacts.map(contactName).join(', ')}`;
  }
  if (article.media) {
    return `${article.type}: ${article.media.caption || article.media.filename || ''}`;
  }
  return article.type;
}

function content(article) {
  const out = [];
  if (MEDIA_TYPES.includes(article.type) && article.media) {
    out.push(media(article));
  }
  if (article.location) {
    out.push(location(article.location));
  }
  if (article.contacts) {
    out.push(...article.contacts.map(contact));
  }
  if (article.type === 'template' && article.template) {
    out.push(template(article.template));
  } else if (article.type === 'reaction') {
    const emoji = (article.reaction && article.reaction.emoji) || article.text
      || ((article.reactions || [])[0] || {}).emoji || '';
    out.push(h('span', { dataset: { test: 'reaction-article' } },
      article.direction === 'inbound' ? `Reacted ${emoji} to a message that is not in this conversation` : `Reacted ${emoji}`));
  } else if (article.interactive && article.direction === 'inbound') {
    const i = article.interactive;
    out.push(h('div', { class: 'kind' }, 'Chose'), i.title || i.flowName || i.id || '');
    if (i.description) {
      out.push(h('div', { class: 'kind' }, i.description));
    }
  } else if (article.button && article.direction === 'inbound') {
    out.push(h('div', { class: 'kind' }, 'Tapped'), article.button.text || article.button.payload || '');
  } else if (article.order) {
    out.push(order(article.order));
  } else if (article.call) {
    out.push(h('div', { class: 'kind' }, 'Call'), h('span', { dataset: { test: 'call' } }, article.text || 'Voice call'));
  } else if (article.system) {
    out.push(h('div', { class: 'kind' }, 'WhatsApp'), article.system.body || article.text || article.system.type || '');
  } else if (article.text && !(article.media && article.media.caption === article.text) && !article.location) {
    out.push(h('span', { dataset: { test: 'text' } }, article.text));
  } else if (!out.length) {
    out.push(h('span', { class: 'kind' }, article.type));
  }
  return out;
}

function media(article) {
  const m = article.media;
  const box = h('div', { class: `media ${m.status || ''}`, dataset: { test: 'media', status: m.status || '' } });
  if (m.status === 'stored' && m.downloadUrl) {
    const mime = m.mimeType || '';
    if (article.type === 'image' || article.type === 'sticker') {
      box.append(h('a', { href: m.downloadUrl, target: '_blank', rel: 'noopener' },
        h('img', { src: m.downloadUrl, alt: m.caption || m.filename || article.type, loading: 'lazy', dataset: { test: 'media-preview' } })));
    } else if (article.type === 'video' && mime.startsWith('video/')) {
      box.append(h('video', { src: m.downloadUrl, controls: true, preload: 'metadata' }));
    } else if (article.type === 'audio') {
      box.append(h('audio', { src: m.downloadUrl, controls: true, preload: 'none' }));
    }
    box.append(h('div', {}, h('a', { href: m.downloadUrl, download: m.filename || '' },
      `Download ${m.filename || article.type}`), ` · ${[mime, bytes(m.size)].filter(Boolean).join(' · ')}`));
  } else {
    const facts = [['File', m.filename || article.type + (m.voice ? ' (voice note)' : '') + (m.animated ? ' (animated)' : '')],
      ['Type', m.mimeType], ['Size', bytes(m.size)],
      ['Status', m.status === 'pending' ? 'being fetched from WhatsApp' : m.status],
      ['Reason', m.reason], ['Detail', m.detail]];
    box.append(h('div', { class: 'card' }, h('dl', {}, facts.filter(([, v]) => v)
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))));
  }
  if (m.caption) {
    box.append(h('div', { dataset: { test: 'caption' } }, m.caption));
  }
  return box;
}

function location(l) {
  const coordinates = `${Number(l.latitude).toFixed(6)}, ${Number(l.longitude).toFixed(6)}`;
  return h('div', { class: 'card', dataset: { test: 'location' } },
    h('div', { class: 'kind' }, 'Location'),
    l.name ? h('strong', {}, l.name) : null,
    l.address ? h('div', {}, l.address) : null,
    h('div', {}, h('a', {
      href: `https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=17/${l.latitude}/${l.longitude}`,
      target: '_blank', rel: 'noopener noreferrer', dataset: { test: 'coordinates' },
    }, coordinates)),
    l.url ? h('div', {}, h('a', { href: l.url, target: '_blank', rel: 'noopener noreferrer' }, l.url)) : null);
}

function contactName(c) {
  const n = c.name || {};
  return n.formattedName || [n.firstName, n.lastName].filter(Boolean).join(' ') || 'Contact';
}

function contact(c) {
  const rows = [];
  for (const p of c.phones || []) {
    rows.push(['Phone', `${p.phone || p.waId}${p.type ? ` (${p.type})` : ''}${p.waId ? ' · on WhatsApp' : ''}`]);
  }
  for (const e of c.emails || []) {
    rows.push(['Email', e.email]);
  }
  for (const u of c.urls || []) {
    rows.push(['Web', u.url]);
  }
  if (c.company) {
    rows.push(['Company', [c.company, c.department, c.title].filter(Boolean).join(' · ')]);
  }
  if (c.birthday) {
    rows.push(['Birthday', c.birthday]);
  }
  return h('div', { class: 'card', dataset: { test: 'contact' } },
    h('div', { class: 'kind' }, 'Contact'), h('strong', {}, contactName(c)),
    h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function template(t) {
  const language = typeof t.language === 'string' ? t.language : (t.language && t.language.code) || '';
  const values = [];
  for (const component of t.components || []) {
    for (const p of component.parameters || []) {
      values.push(p.text || p.payload || p.coupon_code || (p.image && (p.image.link || p.image.id)) || '');
    }
  }
  for (const [k, v] of Object.entries(t.contentVariables || {})) {
    values.push(`${k}: ${v}`);
  }
  return h('div', { class: 'card', dataset: { test: 'template' } },
    h('div', { class: 'kind' }, 'Template'), h('strong', {}, t.name || t.contentSid), language ? ` (${language})` : '',
    values.length ? h('div', {}, values.filter(Boolean).join(' · ')) : null);
}

function order(o) {
  return h('div', { class: 'card', dataset: { test: 'order' } }, h('div', { class: 'kind' }, 'Order'),
    o.text ? h('div', {}, o.text) : null,
    h('dl', {}, (o.items || []).map((i) => [h('dt', {}, `${i.quantity || 1} ×`),
      h('dd', {}, `${i.productRetailerId} ${i.itemPrice || ''} ${i.currency || ''}`)])));
}
