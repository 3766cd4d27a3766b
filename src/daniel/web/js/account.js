// Who is logged in (GET /auth/me), the log-out button (POST /auth/logout), and the way
// back to the login page when the login has ended (the WebSocket is refused or closed).

export async function whoAmI(fetchImpl = globalThis.fetch) {
  try {
    const response = await fetchImpl('auth/me', { credentials: 'same-origin' });
    if (response.status === 401) return { loggedOut: true, user: null };
    if (!response.ok) return { loggedOut: false, user: null };
    const body = await response.json();
    return { loggedOut: false, user: body.user || null };
  } catch {
    return { loggedOut: false, user: null };
  }
}

let leaving = false;
let loggingOut = false;

/** Go to the login page (once: a logout and a closing socket both ask for it);
 * `ended`: the login ended on its own (expired, logged out elsewhere), the page says so. */
export function toLoginPage(ended = false) {
  if (leaving) return;
  leaving = true;
  location.replace(ended ? 'login?ended=1' : 'login');
}

export async function logOut() {
  if (leaving || loggingOut) return;
  loggingOut = true; // the socket the server closes now must not say "session ended"
  try {
    await fetch('auth/logout', { method: 'POST', credentials: 'same-origin' });
  } finally {
    toLoginPage();
  }
}

/** Show the person's name and the log-out button (nothing with AUTH=none). */
export async function showAccount(t) {
  const { loggedOut, user } = await whoAmI();
  if (loggedOut) {
    toLoginPage(true);
    return;
  }
  if (!user) return;
  const name = document.getElementById('account-name');
  const button = document.getElementById('logout');
  name.textContent = user.name;
  name.title = t('account.as', { name: `${user.name} (${user.login})` });
  name.hidden = false;
  document.getElementById('logout-text').textContent = t('account.logout');
  button.setAttribute('aria-label', t('account.logout'));
  button.title = name.title;
  button.hidden = false;
  button.addEventListener('click', () => logOut());
}

/** After the socket closed: back to the login page if the login has ended. */
export async function checkStillLoggedIn() {
  if (leaving || loggingOut) return;
  const { loggedOut } = await whoAmI();
  if (loggedOut) toLoginPage(true);
}
