// Who is logged in: GET /auth/me read tolerantly (a 401 means "back to the login page",
// any other failure leaves the page alone).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { whoAmI } from '../../src/daniel/web/js/account.js';

const answer = (status, body) => async () => ({
  status,
  ok: status >= 200 && status < 300,
  json: async () => body,
});

test('a logged-in person is returned', async () => {
  const user = { login: 'laura', name: 'Laura Sánchez' };
  assert.deepEqual(await whoAmI(answer(200, { user })), { loggedOut: false, user });
});

test('401 means the login has ended', async () => {
  assert.deepEqual(await whoAmI(answer(401, { error: 'x' })), { loggedOut: true, user: null });
});

test('AUTH=none and failures do not send anyone to the login page', async () => {
  assert.deepEqual(await whoAmI(answer(200, { user: null, auth: 'none' })), {
    loggedOut: false,
    user: null,
  });
  assert.deepEqual(await whoAmI(answer(503, {})), { loggedOut: false, user: null });
  const offline = async () => {
    throw new TypeError('network');
  };
  assert.deepEqual(await whoAmI(offline), { loggedOut: false, user: null });
});
