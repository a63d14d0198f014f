// What the agent typed but has not sent yet.
//   - Form drafts (memory): a form's typed values survive its screen being mounted again (a
//     language switch, back and forth); widgets/form.js keepDraft() fills and updates them.
//   - Support request drafts (sessionStorage, per agent, per customer or order): survive a reload
//     and a new sign-in of the same agent, for a day, until the request went out.

import { currentAgent, onSessionChange } from "./session.js";

/** @typedef {{text: string, at: number}} SupportDraft */

/** @type {Map<string, Record<string, string>>} */
const forms = new Map();

/**
 * The draft of one form (the same object every time), created with `initial` the first time.
 * @param {string} form
 * @param {Record<string, string>} [initial]
 */
export function formDraft(form, initial = {}) {
  let draft = forms.get(form);
  if (!draft) {
    draft = { ...initial };
    forms.set(form, draft);
  }
  return draft;
}

/** @param {string} form */
export function clearFormDraft(form) {
  forms.delete(form);
}

const SUPPORT_DRAFTS_KEY = "pcc.supportDrafts";
const SUPPORT_DRAFT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * "1" for a customer, "1/100928" for an order of that customer.
 * @param {{customerKey: string | number, orderNumber?: string | number | null}} about
 */
export function supportDraftKey({ customerKey, orderNumber = null }) {
  return orderNumber ? `${customerKey}/${orderNumber}` : String(customerKey);
}

/** @returns {{agentId: string | null, drafts: Record<string, SupportDraft>}} */
function readSupportDrafts() {
  const agentId = currentAgent()?.agent_id ?? null;
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(SUPPORT_DRAFTS_KEY) || "null");
    // Another agent signed in on this tab: the drafts of the one before are not theirs to see.
    if (stored && stored.agentId === agentId && stored.drafts && typeof stored.drafts === "object") return stored;
  } catch {
    /* unreadable: start empty */
  }
  return { agentId, drafts: {} };
}

/** @param {{agentId: string | null, drafts: Record<string, SupportDraft>}} store */
function writeSupportDrafts(store) {
  const now = Date.now();
  for (const [key, draft] of Object.entries(store.drafts)) {
    if (!draft?.text || now - draft.at > SUPPORT_DRAFT_MAX_AGE_MS) delete store.drafts[key];
  }
  try {
    if (Object.keys(store.drafts).length) window.sessionStorage.setItem(SUPPORT_DRAFTS_KEY, JSON.stringify(store));
    else window.sessionStorage.removeItem(SUPPORT_DRAFTS_KEY);
  } catch {
    /* storage full or unavailable: the text stays in the open overlay */
  }
}

// Another agent signs in on this tab: the drafts of the one before go (the same agent signing in
// again after the session expired gets them back).
onSessionChange((session) => {
  if (!session) return;
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(SUPPORT_DRAFTS_KEY) || "null");
    if (stored && stored.agentId !== session.agent?.agent_id) window.sessionStorage.removeItem(SUPPORT_DRAFTS_KEY);
  } catch {
    /* nothing to clean up */
  }
});

/**
 * @param {string} key
 * @returns {SupportDraft | null}
 */
export function loadSupportDraft(key) {
  const draft = readSupportDrafts().drafts[key];
  if (!draft?.text || Date.now() - draft.at > SUPPORT_DRAFT_MAX_AGE_MS) return null;
  return draft;
}

/** @param {string} key @param {string} text  blank text drops the draft */
export function saveSupportDraft(key, text) {
  const store = readSupportDrafts();
  if (text.trim()) store.drafts[key] = { text, at: Date.now() };
  else delete store.drafts[key];
  writeSupportDrafts(store);
}

/** @param {string} key */
export function clearSupportDraft(key) {
  const store = readSupportDrafts();
  delete store.drafts[key];
  writeSupportDrafts(store);
}
