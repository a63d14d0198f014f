// Shared pieces of the account and team screens (signup, invitation, password reset, agents,
// settings): a labelled field with its error line, the API's `fields` put onto the form, busy
// buttons, a message line, a confirmation dialog (Esc closes it, focus goes back) and info tips.
//
//   const email = field({ label: t("x.email"), input: h("input", {name: "email", type: "email"}) });
//   const note = messageLine();
//   form.addEventListener("submit", (e) => { e.preventDefault(); busy(button, t("x.busy"), async () => {...}) });
//   if (!(await confirmDialog({ title, text, confirmLabel, danger: true }))) return;

import { ApiError } from "../../api.js";
import { h, replace } from "../../dom.js";
import { addMessages, t } from "../../i18n.js";

addMessages({
  de: {
    "ui.cancel": "Abbrechen",
    "ui.info": "Erklärung: {topic}",
    "ui.requestId": "Vorgangsnummer: {id}",
    "ui.password.policy": "Mindestens 10 Zeichen, nicht nur eine Zeichenart: z. B. Buchstaben und Ziffern oder Sonderzeichen mischen.",
    "ui.password.tooShort": "Das Passwort muss mindestens 10 Zeichen lang sein.",
    "ui.password.oneClass": "Bitte Buchstaben mit Ziffern oder Sonderzeichen mischen (nicht nur eine Zeichenart).",
    "ui.password.mismatch": "Die beiden Passwörter stimmen nicht überein.",
    "ui.required": "Bitte ausfüllen.",
    "ui.emailInvalid": "Bitte eine gültige E-Mail-Adresse eingeben (z. B. name@firma.de).",
    "ui.checkFields": "Bitte die markierten Felder prüfen.",
    "ui.lang.de": "Deutsch",
    "ui.lang.en": "Englisch",
    "ui.tokenMissing": "Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig (oder kopieren Sie ihn ganz in die Adresszeile).",
  },
  en: {
    "ui.cancel": "Cancel",
    "ui.info": "Explanation: {topic}",
    "ui.requestId": "Reference: {id}",
    "ui.password.policy": "At least 10 characters, not just one kind: e.g. mix letters with digits or symbols.",
    "ui.password.tooShort": "The password must be at least 10 characters long.",
    "ui.password.oneClass": "Please mix letters with digits or symbols (not just one kind of character).",
    "ui.password.mismatch": "The two passwords do not match.",
    "ui.required": "Please fill in.",
    "ui.emailInvalid": "Please enter a valid e-mail address (e.g. name@company.com).",
    "ui.checkFields": "Please check the marked fields.",
    "ui.lang.de": "German",
    "ui.lang.en": "English",
    "ui.tokenMissing": "This link is incomplete. Please open the link from the e-mail completely (or copy all of it into the address bar).",
  },
});

let counter = 0;

/** A unique element id with a readable prefix. */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** An info symbol with a tooltip (hover or keyboard focus shows it; the text is also its description). */
export function infoTip(topic, text) {
  const tipId = uid("tip");
  const button = h("button", {
    type: "button", class: "info-tip", "aria-label": t("ui.info", { topic }), "aria-describedby": tipId,
  }, "i");
  const tip = h("span", { class: "info-tip-text", role: "tooltip", id: tipId }, text);
  const wrap = h("span", { class: "info-tip-wrap" }, button, tip);
  // Shown on hover and keyboard focus (CSS); Esc hides it until the pointer or focus leaves.
  button.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !wrap.classList.contains("is-dismissed")) {
      event.preventDefault();
      event.stopPropagation();
      wrap.classList.add("is-dismissed");
    }
  });
  button.addEventListener("blur", () => wrap.classList.remove("is-dismissed"));
  wrap.addEventListener("mouseleave", () => wrap.classList.remove("is-dismissed"));
  return wrap;
}

/**
 * A labelled field: {root, input, setError(text), error()}. The error line is the input's description
 * and marks it aria-invalid; typing clears it.
 */
export function field({ label, input, hint = null, info = null }) {
  if (!input.id) input.id = uid(input.name || "field");
  const hintEl = hint ? h("p", { class: "hint", id: `${input.id}-hint` }, hint) : null;
  const message = h("p", { class: "field-message", id: `${input.id}-message` });
  input.setAttribute("aria-describedby", [hintEl?.id, message.id].filter(Boolean).join(" "));
  const root = h("div", { class: "field", dataset: { field: input.name || input.id } },
    h("div", { class: "field-label" }, h("label", { for: input.id }, label), info),
    input, hintEl, message);
  const setError = (text) => {
    message.textContent = text || "";
    if (text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  input.addEventListener("input", () => setError(""));
  return { root, input, setError, error: () => message.textContent };
}

/** A <select> with [value, label] options. */
export function select(props, options, selected) {
  const el = h("select", props, options.map(([value, label]) => h("option", { value }, label)));
  if (selected !== undefined) el.value = selected;
  return el;
}

/**
 * Put the API's `fields` onto the form's fields ({name: field}); the last path segment of a field
 * key counts ("body.email" -> "email"). Returns the texts no field took; focuses the first bad field.
 */
export function applyFieldErrors(fields, byName) {
  const rest = [];
  let first = null;
  for (const [key, text] of Object.entries(fields || {})) {
    const name = String(key).split(".").pop();
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

/** Client-side password policy (the server checks it again): "" or the reason. */
export function passwordProblem(password) {
  if (password.length < 10) return t("ui.password.tooShort");
  const classes = [/[a-zäöüß]/, /[A-ZÄÖÜ]/, /[0-9]/, /[^A-Za-z0-9äöüßÄÖÜ]/].filter((re) => re.test(password)).length;
  return classes < 2 ? t("ui.password.oneClass") : "";
}

export function looksLikeEmail(text) {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
}

/**
 * Required fields and e-mail form: sets the errors, focuses the first bad field, returns true when all is fine.
 * checks: [[field, "required"|"email"|fn -> "" | text]]
 */
export function checkFields(checks) {
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

/** A message line: success / error / info; errors are alerts, the rest polite status. */
export function messageLine(id = uid("msg")) {
  const el = h("div", { class: "form-message", id, tabindex: "-1" });
  const show = (kind, ...content) => {
    el.className = `form-message is-visible is-${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    replace(el, ...content);
  };
  return {
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
      const given = Object.keys(err?.fields || {}).length;
      const rest = applyFieldErrors(err?.fields, byName);
      if (given && !rest.length) {
        show("error", h("span", { class: "message-text" }, t("ui.checkFields")));
        return true;
      }
      this.error(err, rest);
      return given > rest.length;
    },
    /** An ApiError (with its request id) or a text. Extra texts (fields no input took) follow. */
    error(err, extra = []) {
      const text = err instanceof ApiError || err instanceof Error ? err.message : String(err);
      show("error",
        h("span", { class: "message-text" }, text),
        extra.length ? h("ul", { class: "message-list" }, extra.map((x) => h("li", null, x))) : null,
        err instanceof ApiError && err.requestId
          ? h("span", { class: "request-id" }, t("ui.requestId", { id: err.requestId })) : null);
    },
  };
}

/** Runs fn with the button disabled and showing busyText; the label comes back afterwards. */
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
 * A modal confirmation. Resolves true on confirm, false on cancel or Esc. The cancel button has the
 * focus for destructive actions; focus returns to where it was.
 */
export function confirmDialog({ title, text, confirmLabel, danger = false }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = uid("dlg-title");
    const textId = uid("dlg-text");
    const cancel = h("button", { type: "button", class: "button-secondary", value: "cancel" }, t("ui.cancel"));
    const ok = h("button", { type: "button", class: danger ? "button-danger" : "button-primary", value: "ok" }, confirmLabel);
    const dialog = h("dialog", { class: "confirm-dialog", "aria-labelledby": titleId, "aria-describedby": textId },
      h("h2", { id: titleId }, title),
      h("p", { id: textId }, text),
      h("div", { class: "dialog-actions" }, cancel, ok));
    let answer = false;
    cancel.addEventListener("click", () => dialog.close());
    ok.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener("keydown", (event) => {
      // Esc closes only the dialog (the shell's Esc = back must not fire).
      if (event.key === "Escape") event.stopPropagation();
    });
    dialog.addEventListener("close", () => {
      dialog.remove();
      if (before instanceof HTMLElement && before.isConnected) before.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    (danger ? cancel : ok).focus();
  });
}

/** The languages an account can have, for a <select>. */
export function languageOptions() {
  return [["de", t("ui.lang.de")], ["en", t("ui.lang.en")]];
}
