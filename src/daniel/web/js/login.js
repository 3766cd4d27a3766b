// The login page: POST /auth/login with the person's Odoo login and password (or API
// key), then open the app. GET /auth/options says which companies (tenants) to choose
// from and, against the built-in sandbox, its demo accounts (read live from its users).

const TEXTS = {
  es: {
    lead: 'Entra con tu usuario de Odoo.',
    tenant: 'Empresa',
    login: 'Usuario',
    password: 'Contraseña o clave API',
    submit: 'Entrar',
    busy: 'Comprobando…',
    demoTitle: 'Cuentas de demostración',
    demoLead: 'Pulsa una para probar ese papel.',
    password_is: 'contraseña',
    failed: 'No se pudo iniciar sesión. Inténtalo de nuevo.',
    ended: 'Tu sesión ha terminado. Vuelve a iniciar sesión.',
    roles: {
      administrator: 'administrador',
      sales_manager: 'responsable de ventas',
      project_manager: 'responsable de proyectos',
      salesperson: 'comercial',
      restricted_salesperson: 'comercial restringido (solo lo suyo)',
      employee: 'empleado',
    },
  },
  en: {
    lead: 'Log in with your Odoo account.',
    tenant: 'Company',
    login: 'Login',
    password: 'Password or API key',
    submit: 'Log in',
    busy: 'Checking…',
    demoTitle: 'Demo accounts',
    demoLead: 'Pick one to try that role.',
    password_is: 'password',
    failed: 'Could not log in. Please try again.',
    ended: 'Your session has ended. Please log in again.',
    roles: {
      administrator: 'administrator',
      sales_manager: 'sales manager',
      project_manager: 'project manager',
      salesperson: 'salesperson',
      restricted_salesperson: 'restricted salesperson (own records only)',
      employee: 'employee',
    },
  },
};

const lang = (localStorage.getItem('daniel.lang') || navigator.language || 'es')
  .slice(0, 2)
  .toLowerCase() === 'en'
  ? 'en'
  : 'es';
const t = TEXTS[lang];
const $ = (id) => document.getElementById(id);

function label() {
  document.documentElement.lang = lang;
  $('login-lead').textContent = t.lead;
  $('tenant-label').textContent = t.tenant;
  $('login-label').textContent = t.login;
  $('password-label').textContent = t.password;
  $('login-submit').textContent = t.submit;
  $('demo-title').textContent = t.demoTitle;
  $('demo-lead').textContent = t.demoLead;
}

function showError(message) {
  const box = $('login-error');
  box.textContent = message;
  box.hidden = !message;
}

async function options() {
  try {
    const response = await fetch('auth/options', { credentials: 'same-origin' });
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}

function showTenants(tenants) {
  if (!tenants || !tenants.length) return;
  const select = $('tenant');
  for (const tenant of tenants) {
    const option = document.createElement('option');
    option.value = tenant.name;
    option.textContent = tenant.label || tenant.name;
    select.append(option);
  }
  $('tenant-row').hidden = false;
}

function showDemo(accounts) {
  if (!accounts || !accounts.length) return;
  const list = $('demo-list');
  for (const account of accounts) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.login = account.login;
    const name = document.createElement('strong');
    name.textContent = `${account.name} (${account.login})`;
    const detail = document.createElement('small');
    const parts = [t.roles[account.role] || account.role, account.job].filter(Boolean);
    if (account.password) parts.push(`${t.password_is}: ${account.password}`);
    detail.textContent = parts.join(' · ');
    button.append(name, detail);
    button.addEventListener('click', () => {
      $('login').value = account.login;
      $('password').value = account.password || '';
      if (account.password) $('login-form').requestSubmit();
      else $('password').focus();
    });
    item.append(button);
    list.append(item);
  }
  $('demo').hidden = false;
}

async function submit(event) {
  event.preventDefault();
  showError('');
  const button = $('login-submit');
  button.disabled = true;
  button.textContent = t.busy;
  const body = { login: $('login').value, password: $('password').value, lang };
  if (!$('tenant-row').hidden) body.tenant = $('tenant').value;
  try {
    const response = await fetch('auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      location.replace('./');
      return;
    }
    const answer = await response.json().catch(() => ({}));
    showError(answer.error || t.failed);
  } catch {
    showError(t.failed);
  } finally {
    button.disabled = false;
    button.textContent = t.submit;
  }
}

label();
if (new URLSearchParams(location.search).has('ended')) showError(t.ended);
$('login-form').addEventListener('submit', submit);
options().then((found) => {
  showTenants(found.tenants);
  showDemo(found.demo_accounts);
});
