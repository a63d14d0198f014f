// The signed-in agent: token and agent record in sessionStorage (survives a reload of this tab,
// not a new tab), and the pixi connection the agent chose. Everything a screen remembers about
// customers is dropped with the session or when the connection changes (onCustomerDataReset).

/**
 * @typedef {object} Agent
 * @property {string} agent_id
 * @property {string} tenant_id
 * @property {string} tenant_name
 * @property {string} email
 * @property {string} [name]
 * @property {"admin" | "agent"} role
 * @property {string[]} [features] booked features of the tenant's package ("search", "details", ...)
 */
/** @typedef {{token: string, expiresAt: string, agent: Agent}} Session */
/** @typedef {{token: string, expires_at: string, agent: Agent}} SessionAnswer  the answer of login / refresh */
/** @typedef {{id: string, name: string}} ChosenConnection */

const STORAGE_KEY = "pcc.session";
const CONNECTION_KEY = "pcc.connection";
/** @type {Set<(session: Session | null) => void>} */
const listeners = new Set();
/** @type {Set<() => void>} */
const resetListeners = new Set();

/** @returns {Session | null} */
function read() {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** @returns {Session | null} null when nobody is signed in or the token has expired. */
export function getSession() {
  const s = read();
  if (!s || !s.token || !s.agent) return null;
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
  return s;
}

export function isSignedIn() {
  return getSession() !== null;
}

/**
 * Store the answer of POST /auth/login or /auth/refresh.
 * @param {SessionAnswer} answer
 */
export function saveSession({ token, expires_at: expiresAt, agent }) {
  window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, expiresAt, agent }));
  notify();
}

export function clearSession() {
  const had = read() !== null;
  window.sessionStorage.removeItem(STORAGE_KEY);
  if (had) notify();
}

/** @returns {Agent | null} */
export function currentAgent() {
  return getSession()?.agent ?? null;
}

/**
 * True when the tenant's package has the feature ("search", "details", "support_mail", ...).
 * @param {string} feature
 */
export function hasFeature(feature) {
  return Boolean(currentAgent()?.features?.includes(feature));
}

export function isAdmin() {
  return currentAgent()?.role === "admin";
}

/**
 * listener(session|null) after every sign-in, refresh and sign-out.
 * @param {(session: Session | null) => void} listener
 */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  const s = getSession();
  for (const listener of listeners) listener(s);
  if (!s) resetCustomerData();
}

/**
 * listener() whenever the customer data seen so far no longer applies: on sign-out and when the
 * agent switches to another pixi connection (other customers, orders and shops).
 * @param {() => void} listener
 */
export function onCustomerDataReset(listener) {
  resetListeners.add(listener);
  return () => resetListeners.delete(listener);
}

function resetCustomerData() {
  for (const listener of resetListeners) listener();
}

/**
 * The pixi connection the agent chose in this tab, or null for the account's default.
 * Bound to the signed-in agent: another agent in the same tab starts on the default again.
 * @returns {ChosenConnection | null}
 */
export function chosenConnection() {
  const agent = currentAgent();
  if (!agent) return null;
  try {
    const chosen = JSON.parse(window.sessionStorage.getItem(CONNECTION_KEY) || "null");
    return chosen && chosen.agentId === agent.agent_id ? { id: chosen.id, name: chosen.name } : null;
  } catch {
    return null;
  }
}

/**
 * Work on another pixi connection (null = the default); drops every customer data cache.
 * @param {ChosenConnection | null} connection
 */
export function chooseConnection(connection) {
  const agent = currentAgent();
  const before = chosenConnection()?.id ?? null;
  if (connection && agent) {
    window.sessionStorage.setItem(CONNECTION_KEY,
      JSON.stringify({ agentId: agent.agent_id, id: connection.id, name: connection.name }));
  } else {
    window.sessionStorage.removeItem(CONNECTION_KEY);
  }
  if ((connection?.id ?? null) !== before) resetCustomerData();
}
