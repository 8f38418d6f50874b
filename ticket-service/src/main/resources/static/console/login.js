// The login page. The form is posted with fetch so that the CSRF token travels in the X-XSRF-TOKEN header, read
// from the XSRF-TOKEN cookie (Spring Security's csrf.spa(): a header carries the raw cookie value).
const MESSAGES = {
  error: ['Wrong login or password.', true],
  locked: ['Too many failed attempts: this login is locked for a while. Try again later.', true],
  logout: ['You are logged out.', false],
  expired: ['Your session has ended: please log in again.', false],
};

const form = document.querySelector('form');
const message = document.querySelector('[data-test="login-message"]');

function show(text, isError) {
  message.textContent = text;
  message.classList.toggle('error', isError);
  message.hidden = false;
}

function showFor(search) {
  const params = new URLSearchParams(search);
  for (const [key, [text, isError]] of Object.entries(MESSAGES)) {
    if (params.has(key)) {
      show(text, isError);
      return;
    }
  }
}

function xsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

showFor(location.search);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const headers = {};
    const token = xsrfToken();
    if (token) {
      headers['X-XSRF-TOKEN'] = token;
    }
    const response = await fetch('/login', {
      method: 'POST', headers, credentials: 'same-origin',
      body: new URLSearchParams({ username: form.username.value, password: form.password.value }),
    });
    if (response.status === 429) {
      show('Too many attempts from your address: wait a minute and try again.', true);
    } else if (response.status === 403) {
      show('The page had expired: please try again.', true);
    } else {
      const landed = new URL(response.url);
      if (landed.pathname === '/console/login' || landed.pathname === '/console/login.html') {
        showFor(landed.search || '?error');
        form.password.value = '';
        form.password.focus();
      } else {
        location.assign(landed.pathname === '/' ? '/console/' : response.url);
      }
    }
  } catch (e) {
    show('The server could not be reached: ' + e.message, true);
  } finally {
    button.disabled = false;
  }
});
