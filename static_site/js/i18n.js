// Texts in German (first) and English. Views add their own texts with addMessages() so that each
// screen keeps its words next to its code; the shell, errors and shared words live here.

const STORAGE_KEY = "pcc.lang";
export const LANGUAGES = ["de", "en"];
const FALLBACK = "de";

const messages = {
  de: {
    "app.name": "pixi Callcenter",
    "app.skip": "Zum Inhalt springen",
    "app.loading": "Wird geladen …",
    "app.notFound": "Diese Seite gibt es nicht.",
    "app.toSearch": "Zur Kundensuche",
    "shell.language": "Sprache",
    "shell.languageDe": "Deutsch",
    "shell.languageEn": "Englisch",
    "shell.logout": "Abmelden",
    "shell.agent": "Angemeldet als {email}",
    "shell.tenant": "Mandant",
    "shell.nav": "Hauptnavigation",
    "shell.keys": "Tastenkürzel",
    "shell.keySearch": "Suche",
    "shell.keySelect": "auswählen",
    "shell.keyOpen": "öffnen",
    "shell.keyBack": "zurück",
    "nav.search": "Kundensuche",
    "session.expired": "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
    "session.loggedOut": "Sie wurden abgemeldet.",
    "shell.forbidden": "Keine Berechtigung für diese Seite oder Funktion.",
    "error.network": "Keine Verbindung zum Server. Bitte prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.",
    "error.timeout": "Der Server hat nicht innerhalb von {seconds} Sekunden geantwortet. Bitte versuchen Sie es erneut.",
    "error.http": "Der Server hat mit einem Fehler geantwortet (HTTP {status}). Bitte versuchen Sie es erneut.",
    "error.retry": "Erneut versuchen",
    "error.requestId": "Vorgangsnummer: {id}",
  },
  en: {
    "app.name": "pixi Callcenter",
    "app.skip": "Skip to content",
    "app.loading": "Loading …",
    "app.notFound": "This page does not exist.",
    "app.toSearch": "Go to customer search",
    "shell.language": "Language",
    "shell.languageDe": "German",
    "shell.languageEn": "English",
    "shell.logout": "Log out",
    "shell.agent": "Signed in as {email}",
    "shell.tenant": "Tenant",
    "shell.nav": "Main navigation",
    "shell.keys": "Keyboard shortcuts",
    "shell.keySearch": "search",
    "shell.keySelect": "select",
    "shell.keyOpen": "open",
    "shell.keyBack": "back",
    "nav.search": "Customer search",
    "session.expired": "Your session has expired. Please sign in again.",
    "session.loggedOut": "You have been logged out.",
    "shell.forbidden": "You are not allowed to open this page or use this function.",
    "error.network": "No connection to the server. Please check the network connection and try again.",
    "error.timeout": "The server did not answer within {seconds} seconds. Please try again.",
    "error.http": "The server answered with an error (HTTP {status}). Please try again.",
    "error.retry": "Try again",
    "error.requestId": "Reference: {id}",
    // The API speaks German; English texts by error code (German shows the API's own message).
    "code.unauthenticated": "Sign-in failed. Please check e-mail address and password.",
    "code.forbidden": "You are not allowed to do this.",
    "code.not_found": "Not found.",
    "code.too_many_requests": "Too many attempts. Please try again later.",
    "code.feature_not_booked": "This function is not part of the booked package.",
    "code.pixi_error": "pixi reported an error. Please try again.",
    "code.pixi_unavailable": "pixi cannot be reached right now. Please try again.",
    "code.pixi_bad_response": "pixi sent an answer that cannot be read. Please try again.",
    "code.pixi_auth": "pixi refused the credentials of this connection. Please tell your administrator.",
    "code.pixi_timeout": "pixi did not answer in time. Please try again.",
    "code.internal_error": "An unexpected error occurred.",
    "code.api_unavailable": "The server cannot be reached right now. Please try again in a moment.",
  },
};

let current = initialLanguage();
const listeners = new Set();

function initialLanguage() {
  let stored = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  return LANGUAGES.includes(stored) ? stored : FALLBACK;
}

/** Add texts of one screen: addMessages({de: {...}, en: {...}}). */
export function addMessages(byLanguage) {
  for (const [lang, dict] of Object.entries(byLanguage)) {
    messages[lang] = { ...(messages[lang] || {}), ...dict };
  }
}

/** The text for key in the current language, `{name}` replaced from params. */
export function t(key, params = {}) {
  const text = messages[current]?.[key] ?? messages[FALLBACK][key];
  if (text === undefined) {
    console.warn(`i18n: missing text ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** True if the current language has its own text for key (used to translate API errors by code). */
export function has(key) {
  return messages[current]?.[key] !== undefined;
}

export function language() {
  return current;
}

/** BCP 47 locale used for Intl formatting. */
export function locale() {
  return current === "de" ? "de-DE" : "en-GB";
}

export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang) || lang === current) return;
  current = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applyDocumentLanguage();
  for (const listener of listeners) listener(lang);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function applyDocumentLanguage() {
  document.documentElement.lang = current;
}
