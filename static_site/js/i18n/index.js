// The agent's language (German first, English) and the texts in it. Every text lives in one
// dictionary per language (de.js, en.js): a key has exactly one text, whichever screen shows it.

import * as de from "./de.js";
import * as en from "./en.js";

/** @typedef {"de" | "en"} Language */

const STORAGE_KEY = "pcc.lang";
/** @type {Language[]} */
export const LANGUAGES = ["de", "en"];
/** @type {Language} */
const FALLBACK = "de";
/** @type {Record<Language, {texts: Record<string, string>, apiErrors: Record<string, string>}>} */
const DICTIONARIES = { de, en };

let current = initialLanguage();
/** @type {Set<(lang: Language) => void>} */
const listeners = new Set();

/** @returns {value is Language} */
function isLanguage(/** @type {unknown} */ value) {
  return LANGUAGES.includes(/** @type {Language} */ (value));
}

/** @returns {Language} */
function initialLanguage() {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : FALLBACK;
  } catch {
    return FALLBACK; // storage unavailable
  }
}

/**
 * The text for key in the current language, `{name}` replaced from params.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  const text = DICTIONARIES[current].texts[key] ?? DICTIONARIES[FALLBACK].texts[key];
  if (text === undefined) {
    console.warn(`i18n: missing text ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * True if there is a text for key (for codes from the API that may be unknown to the page).
 * @param {string} key
 */
export function has(key) {
  return DICTIONARIES[current].texts[key] !== undefined;
}

/**
 * The current language's text for an API error code, or null (German shows the API's message).
 * @param {string} code
 * @returns {string | null}
 */
export function apiErrorText(code) {
  return DICTIONARIES[current].apiErrors[code] ?? null;
}

/** @returns {Language} */
export function language() {
  return current;
}

/** BCP 47 locale used for Intl formatting. */
export function locale() {
  return current === "de" ? "de-DE" : "en-GB";
}

/** @param {string} lang */
export function setLanguage(lang) {
  if (!isLanguage(lang) || lang === current) return;
  current = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applyDocumentLanguage();
  for (const listener of listeners) listener(lang);
}

/** @param {(lang: Language) => void} listener */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function applyDocumentLanguage() {
  document.documentElement.lang = current;
}
