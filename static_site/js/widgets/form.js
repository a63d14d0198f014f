// The form kit of every screen: a labelled field with help text and its own error line, the API's
// `fields` put onto the form, client-side checks, a message line for the whole form, a busy
// button, and drafts that keep what was typed when the screen is mounted again.
//
//   const email = field({ label: t("signup.email"), input: h("input", {name: "email", type: "email"}) });
//   const note = messageLine("signup-message");
//   keepDraft(formDraft("signup"), { email });
//   form.addEventListener("submit", (e) => { e.preventDefault(); busy(button, t("signup.busy"), async () => {...}) });

import { ApiError } from "../api/http.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";

/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Input */
/**
 * @typedef {object} FieldError  the error line of one input
 * @property {HTMLElement} message  the line itself (the input's description)
 * @property {(text: string) => void} setError  "" clears it
 * @property {() => string} error
 */
/**
 * @typedef {object} Field
 * @property {HTMLElement} root
 * @property {Input} input
 * @property {(text: string) => void} setError
 * @property {() => string} error
 */

let counter = 0;

/**
 * A unique element id with a readable prefix.
 * @param {string} prefix
 */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * The error line of an input: it describes the input (after its other descriptions) and marks it
 * aria-invalid while it says something; typing clears it (unless clearOnInput is false: the screen
 * decides, e.g. "at least 3 characters" stays until there are 3).
 * @param {Input} input
 * @param {{id?: string, live?: boolean, clearOnInput?: boolean}} [options]  id: default `<input id>-message`; live: announce changes politely
 * @returns {FieldError}
 */
export function fieldError(input, { id, live = false, clearOnInput = true } = {}) {
  if (!input.id) input.id = uid(input.name || "field");
  const message = h("p", { class: "field-message", id: id || `${input.id}-message`, "aria-live": live ? "polite" : null });
  const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  input.setAttribute("aria-describedby", [...described, message.id].join(" "));
  /** @param {string} text */
  const setError = (text) => {
    message.textContent = text || "";
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  if (clearOnInput) input.addEventListener("input", () => setError(""));
  return { message, setError, error: () => message.textContent || "" };
}

/**
 * A labelled field: label (with an optional info tip), the input, a help text and the error line.
 * @param {{label: string, input: Input, hint?: string | null, info?: Node | null, className?: string, messageId?: string, live?: boolean}} options
 * @returns {Field}
 */
export function field({ label, input, hint = null, info = null, className = "", messageId, live = false }) {
  if (!input.id) input.id = uid(input.name || "field");
  const hintEl = hint ? h("p", { class: "hint", id: `${input.id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  const { message, setError, error } = fieldError(input, { id: messageId, live });
  const root = h("div", { class: `field ${className}`.trim(), dataset: { field: input.name || input.id } },
    h("div", { class: "field-label" }, h("label", { for: input.id }, label), info),
    input, hintEl, message);
  return { root, input, setError, error };
}

/**
 * A <select> with [value, label] options.
 * @param {Record<string, any>} props
 * @param {[string, string][]} options
 * @param {string} [selected]
 */
export function select(props, options, selected) {
  const el = h("select", props, options.map(([value, label]) => h("option", { value }, label)));
  if (selected !== undefined) el.value = selected;
  return el;
}

/**
 * Put the API's `fields` onto the form's fields ({name: field}); the last path segment of a field
 * key counts ("body.email" -> "email"). Returns the texts no field took; focuses the first bad field.
 * @param {Record<string, string> | null | undefined} fields
 * @param {Record<string, Pick<Field, "input" | "setError">>} byName
 */
export function applyFieldErrors(fields, byName) {
  /** @type {string[]} */
  const rest = [];
  /** @type {Pick<Field, "input" | "setError"> | null} */
  let first = null;
  for (const [key, text] of Object.entries(fields || {})) {
    const name = String(key).split(".").pop() || "";
    const target = byName[name];
    if (target) {
      target.setError(text);
      first = first || target;
    } else {
      rest.push(text);
    }
  }
  if (first) first.input.focus();
  return rest;
}

/**
 * Client-side password policy (the server checks it again): "" or the reason.
 * @param {string} password
 */
export function passwordProblem(password) {
  if (password.length < 10) return t("ui.password.tooShort");
  const classes = [/[a-zäöüß]/, /[A-ZÄÖÜ]/, /[0-9]/, /[^A-Za-z0-9äöüßÄÖÜ]/].filter((re) => re.test(password)).length;
  return classes < 2 ? t("ui.password.oneClass") : "";
}

/** @param {string} text */
export function looksLikeEmail(text) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/** @typedef {"required" | "email" | ((value: string) => string)} Rule */

/**
 * Required fields and e-mail form: sets the errors, focuses the first bad field, returns true when all is fine.
 * @param {[Field, Rule][]} checks
 */
export function checkFields(checks) {
  /** @type {Field | null} */
  let first = null;
  for (const [f, rule] of checks) {
    const value = f.input.value.trim();
    let problem = "";
    if (typeof rule === "function") problem = rule(f.input.value);
    else if (!value) problem = t("ui.required");
    else if (rule === "email" && !looksLikeEmail(value)) problem = t("ui.emailInvalid");
    f.setError(problem);
    if (problem && !first) first = f;
  }
  if (first) first.input.focus();
  return first === null;
}

/**
 * Keep what is typed into the fields in `draft` (a formDraft of state/drafts.js): the fields are
 * filled from it now and update it on every change.
 * @param {Record<string, string>} draft
 * @param {Record<string, Pick<Field, "input">>} byName
 */
export function keepDraft(draft, byName) {
  for (const [name, f] of Object.entries(byName)) {
    if (draft[name]) f.input.value = draft[name];
    const keep = () => {
      draft[name] = f.input.value;
    };
    f.input.addEventListener("input", keep);
    f.input.addEventListener("change", keep);
  }
}

/**
 * @typedef {object} MessageLine
 * @property {HTMLElement} el
 * @property {() => void} clear
 * @property {(text: string) => void} success
 * @property {(text: string) => void} info
 * @property {(err: unknown, byName: Record<string, Pick<Field, "input" | "setError">>) => boolean} apiError
 * @property {(err: unknown, extra?: string[]) => void} error
 */

/**
 * A message line for the whole form: success / error / info; errors are alerts, the rest polite status.
 * @param {string} [id]
 * @returns {MessageLine}
 */
export function messageLine(id = uid("msg")) {
  const el = h("div", { class: "form-message", id, tabindex: "-1" });
  /** @param {string} kind @param {...import("../dom.js").Child} content */
  const show = (kind, ...content) => {
    el.className = `form-message is-visible is-${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    replace(el, ...content);
  };
  /** @type {MessageLine} */
  const line = {
    el,
    clear() {
      el.className = "form-message";
      el.removeAttribute("role");
      el.replaceChildren();
    },
    success: (text) => show("success", text),
    info: (text) => show("info", text),
    /**
     * An API error with `fields`: the texts go next to their inputs (the first gets the focus) and
     * this line only asks to check them; texts no input took are listed here. True if an input took one.
     */
    apiError(err, byName) {
      const fields = err instanceof ApiError ? err.fields : {};
      const given = Object.keys(fields).length;
      const rest = applyFieldErrors(fields, byName);
      if (given && !rest.length) {
        show("error", h("span", { class: "message-text" }, t("ui.checkFields")));
        return true;
      }
      line.error(err, rest);
      return given > rest.length;
    },
    /** An ApiError (with its request id) or a text. Extra texts (fields no input took) follow. */
    error(err, extra = []) {
      const text = err instanceof Error ? err.message : String(err);
      show("error",
        h("span", { class: "message-text" }, text),
        extra.length ? h("ul", { class: "message-list" }, extra.map((x) => h("li", null, x))) : null,
        err instanceof ApiError && err.requestId
          ? h("span", { class: "request-id" }, t("ui.requestId", { id: err.requestId })) : null);
    },
  };
  return line;
}

/**
 * Runs fn with the button disabled and showing busyText; the label comes back afterwards.
 * @template T
 * @param {HTMLButtonElement} button
 * @param {string} busyText
 * @param {() => Promise<T> | T} fn
 * @returns {Promise<T>}
 */
export async function busy(button, busyText, fn) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = busyText;
  const hadFocus = document.activeElement === button;
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = label;
    // A disabled button loses the focus to <body>; give it back unless the focus moved on.
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (hadFocus && lost && button.isConnected) button.focus();
  }
}

/**
 * The languages an account can have, for a <select>.
 * @returns {[string, string][]}
 */
export function languageOptions() {
  return [["de", t("ui.lang.de")], ["en", t("ui.lang.en")]];
}
