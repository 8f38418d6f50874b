// Small DOM helpers. Text always goes in as text (textContent), never as HTML: what customers write is untrusted.

/** An element: h('a', {href: '#', dataset: {test: 'x'}, onclick}, 'text', child, …). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : String(child));
  }
}

/** A clone of a <template>'s first element. */
export function fromTemplate(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

/** The element of {@code root} with data-test={@code name}. */
export function part(root, name) {
  return root.querySelector(`[data-test="${name}"]`);
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** 14:05 today, else the date and time. */
export function when(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? time.format(date) : dateTime.format(date);
}

export function fullTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** What is left of the window: "23:59:58" (hours may exceed 24), or null once it has closed. */
export function remaining(expiresAt, now = Date.now()) {
  if (!expiresAt) {
    return null;
  }
  const seconds = Math.floor((new Date(expiresAt).getTime() - now) / 1000);
  if (seconds <= 0) {
    return null;
  }
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Keeps an element showing a window's state: "open · 23:59:58 left" or "closed"; see app.js's ticker. */
export function windowBadge(element, window, prefix = 'Window') {
  element.dataset.expires = (window && window.expiresAt) || '';
  element.dataset.prefix = prefix;
  updateWindowBadge(element);
  return element;
}

export function updateWindowBadge(element, now = Date.now()) {
  const left = remaining(element.dataset.expires, now);
  element.classList.add('window');
  element.classList.toggle('open', left !== null);
  element.classList.toggle('closed', left === null);
  element.dataset.state = left === null ? 'closed' : 'open';
  element.textContent = left === null ? `${element.dataset.prefix} closed` : `${element.dataset.prefix} open · ${left} left`;
}

export function bytes(size) {
  if (size === undefined || size === null) {
    return '';
  }
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = Number(size);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
