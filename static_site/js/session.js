// The signed-in agent: token and agent record in sessionStorage (survives a reload of this tab,
// not a new tab). Everything a screen remembers about customers is dropped with the session.

const STORAGE_KEY = "pcc.session";
const listeners = new Set();

function read() {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** {token, expiresAt, agent} or null when nobody is signed in or the token has expired. */
export function getSession() {
  const s = read();
  if (!s || !s.token || !s.agent) return null;
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
  return s;
}

export function isSignedIn() {
  return getSession() !== null;
}

/** Store the answer of POST /auth/login or /auth/refresh. */
export function saveSession({ token, expires_at: expiresAt, agent }) {
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, expiresAt, agent }));
  notify();
}

export function clearSession() {
  const had = read() !== null;
  window.sessionStorage.removeItem(STORAGE_KEY);
  if (had) notify();
}

export function currentAgent() {
  return getSession()?.agent ?? null;
}

/** Feature flags of the tenant's package ("search", "details", "support_mail", ...). */
export function hasFeature(feature) {
  return Boolean(currentAgent()?.features?.includes(feature));
}

export function isAdmin() {
  return currentAgent()?.role === "admin";
}

/** listener(session|null) after every sign-in, refresh and sign-out. */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  const s = getSession();
  for (const listener of listeners) listener(s);
}
