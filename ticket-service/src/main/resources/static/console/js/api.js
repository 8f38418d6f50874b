// The JSON API, same origin: the session cookie goes along, and every request that changes something carries the
// CSRF token in the X-XSRF-TOKEN header (read from the XSRF-TOKEN cookie). A 401 means the session has ended.

/** An API refusal: the HTTP status and the one error shape {error, message, details?}. */
export class ApiError extends Error {
  constructor(status, body) {
    const message = (body && (body.message || body.error)) || `HTTP ${status}`;
    super(message);
    this.status = status;
    this.code = body && body.error;
    this.details = (body && Array.isArray(body.details)) ? body.details : [];
  }

  /** The message and each detail, for a person. */
  describe() {
    return [this.message, ...this.details.map((d) => `${d.field}: ${d.problem}`)].join('\n');
  }
}

export function xsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

/**
 * Calls the API. {@code json} is sent as JSON, {@code form} (FormData) as multipart. Answers the parsed body (null
 * when empty); throws an ApiError for every status that is not 2xx.
 */
export async function api(path, { method = 'GET', json, form } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = xsrfToken();
    if (token) {
      headers['X-XSRF-TOKEN'] = token;
    }
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { error: 'unreadable_answer', message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    }
  }
  if (response.status === 401) {
    location.assign('/console/login?expired');
  }
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

/** Posts to Spring Security's form endpoints (logout) with the CSRF header, then goes where they redirect. */
export async function postAndFollow(path) {
  const token = xsrfToken();
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin', headers: token ? { 'X-XSRF-TOKEN': token } : {},
  });
  location.assign(response.url);
}
