// Where the agent's last customer search was (#/search?...), so "/" and "Esc" from a customer or an
// order return to those results, also after a reload of the tab. Dropped at sign-out.

import { onCustomerDataReset } from "./session.js";

const STORAGE_KEY = "pcc.lastSearch";
let focusWanted = false;

onCustomerDataReset(() => {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable: nothing kept */
  }
});

/** @param {string} hash */
export function rememberSearch(hash) {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, hash);
  } catch {
    /* storage unavailable: "/" opens an empty search */
  }
}

/** "#/search?q=Meier" of the last search of this session, or "#/search". */
export function lastSearchHash() {
  try {
    const hash = window.sessionStorage.getItem(STORAGE_KEY);
    if (hash && hash.startsWith("#/search")) return hash;
  } catch {
    /* fall through */
  }
  return "#/search";
}

/** Ask the search screen to put the focus into the search field when it shows next ("/" key). */
export function requestSearchFocus() {
  focusWanted = true;
}

/** True once after requestSearchFocus(). */
export function takeSearchFocus() {
  const wanted = focusWanted;
  focusWanted = false;
  return wanted;
}
