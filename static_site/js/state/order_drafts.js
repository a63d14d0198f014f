// What the agent typed into the order form but the cart has not taken yet (addresses being typed,
// the customer of a new cart, the quick-order rows with unknown ids, the customer wish): kept in
// sessionStorage per agent and per cart (or "new" before the cart exists), so a reload, an error or
// a conflict loses nothing. The IBAN is never stored (personal data; it lives only in the form).
// A draft section is cleared once the cart has taken it.

import { currentAgent } from "./session.js";

const STORAGE_KEY = "pcc.orderDrafts";
const MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;

/** @typedef {Record<string, string>} DraftValues */
/** @typedef {{values: Record<string, DraftValues>, at: number}} StoredDraft */
/** @typedef {{agentId: string | null, drafts: Record<string, StoredDraft>}} Store */

/** @returns {Store} */
function read() {
  const agentId = currentAgent()?.agent_id ?? null;
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
    if (stored && stored.agentId === agentId && stored.drafts && typeof stored.drafts === "object") return stored;
  } catch {
    /* unreadable: start empty */
  }
  return { agentId, drafts: {} };
}

/** @param {Store} store */
function write(store) {
  const now = Date.now();
  for (const [key, draft] of Object.entries(store.drafts)) {
    const empty = !draft || Object.values(draft.values || {}).every((v) => !Object.keys(v).length);
    if (empty || now - draft.at > MAX_AGE_MS) delete store.drafts[key];
  }
  try {
    if (Object.keys(store.drafts).length) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(store));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage full or unavailable: the values stay in the open form */
  }
}

/**
 * @typedef {object} OrderDraft
 * @property {(section: string) => DraftValues} section  the typed values of one part of the form
 * @property {(section: string, name: string, value: string) => void} set  "" drops the value
 * @property {(section: string) => void} clearSection  the cart has taken it
 * @property {() => void} clear
 */

/**
 * The draft of one cart ("new" before it exists).
 * @param {string} key
 * @returns {OrderDraft}
 */
export function orderDraft(key) {
  /** @param {(draft: StoredDraft) => void} change */
  const update = (change) => {
    const store = read();
    const draft = store.drafts[key] || { values: {}, at: Date.now() };
    change(draft);
    draft.at = Date.now();
    store.drafts[key] = draft;
    write(store);
  };
  return {
    section: (section) => ({ ...(read().drafts[key]?.values?.[section] || {}) }),
    set(section, name, value) {
      update((draft) => {
        const values = draft.values[section] || {};
        if (value) values[name] = value;
        else delete values[name];
        draft.values[section] = values;
      });
    },
    clearSection(section) {
      update((draft) => { delete draft.values[section]; });
    },
    clear() {
      const store = read();
      delete store.drafts[key];
      write(store);
    },
  };
}
