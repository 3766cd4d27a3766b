// The dashboard's JSON API (docs/admin.md): GET /admin/api/<name>?from&to&user&tenant…

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** `admin/api/<name>?…` with the filters that are set (empty ones left out). */
export function apiUrl(name, filters = {}, extra = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `admin/api/${name}${text ? `?${text}` : ''}`;
}

export async function getJson(url, fetchImpl = globalThis.fetch) {
  const response = await fetchImpl(url, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error || `HTTP ${response.status}`);
  return body;
}

export async function endSession(id, fetchImpl = globalThis.fetch) {
  const response = await fetchImpl(`admin/api/sessions/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    credentials: 'same-origin',
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error || `HTTP ${response.status}`);
  return body;
}
