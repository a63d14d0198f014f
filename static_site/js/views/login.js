// Sign-in: e-mail + password, Enter submits, the API's message on failure, the e-mail kept.

import { ApiError } from "../api.js";
import { continueAfterLogin, login } from "../auth.js";
import { h } from "../dom.js";
import { addMessages, t } from "../i18n.js";

addMessages({
  de: {
    "login.title": "Anmelden",
    "login.intro": "Melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.",
    "login.email": "E-Mail-Adresse",
    "login.password": "Passwort",
    "login.submit": "Anmelden",
    "login.busy": "Anmeldung läuft …",
    "login.missing": "Bitte E-Mail-Adresse und Passwort eingeben.",
    "login.forgot": "Passwort vergessen?",
    "login.signup": "Konto anlegen",
  },
  en: {
    "login.title": "Sign in",
    "login.intro": "Sign in with your e-mail address and password.",
    "login.email": "E-mail address",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.busy": "Signing in …",
    "login.missing": "Please enter e-mail address and password.",
    "login.forgot": "Forgot password?",
    "login.signup": "Create account",
  },
});

export const titleKey = "login.title";

// The e-mail typed so far survives a language switch (the view is mounted again).
let typedEmail = "";

export function mount(container, match) {
  const notice = match.query.reason === "expired" ? t("session.expired")
    : match.query.reason === "logout" ? t("session.loggedOut") : "";

  const email = h("input", {
    id: "login-email", name: "email", type: "email", autocomplete: "username", required: true,
    spellcheck: "false", autocapitalize: "off",
  });
  email.value = typedEmail;
  const password = h("input", {
    id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true,
  });
  const submit = h("button", { type: "submit", class: "button-primary", id: "login-submit" }, t("login.submit"));
  const message = h("div", { class: "form-message", id: "login-message", role: "alert", "aria-live": "assertive" });
  const form = h("form", { class: "login-form", novalidate: true, "aria-describedby": "login-message" },
    h("div", { class: "field" }, h("label", { for: "login-email" }, t("login.email")), email),
    h("div", { class: "field" }, h("label", { for: "login-password" }, t("login.password")), password),
    message,
    submit);

  let busy = false;
  const setBusy = (on) => {
    busy = on;
    submit.disabled = on;
    submit.setAttribute("aria-busy", String(on));
    submit.textContent = on ? t("login.busy") : t("login.submit");
    form.classList.toggle("is-busy", on);
  };
  const showError = (text) => {
    message.textContent = text;
    message.classList.toggle("is-visible", Boolean(text));
  };

  email.addEventListener("input", () => {
    typedEmail = email.value;
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const address = email.value.trim();
    if (!address || !password.value) {
      showError(t("login.missing"));
      (address ? password : email).focus();
      return;
    }
    showError("");
    setBusy(true);
    try {
      await login(address, password.value);
      typedEmail = "";
      continueAfterLogin(match.query.next);
    } catch (err) {
      setBusy(false);
      showError(err instanceof ApiError ? err.message : String(err));
      password.value = "";
      password.focus();
    }
  });

  container.append(
    h("section", { class: "login-panel", "aria-labelledby": "login-title" },
      h("h1", { id: "login-title" }, t("login.title")),
      h("p", { class: "muted" }, t("login.intro")),
      notice ? h("p", { class: "notice", role: "status" }, notice) : null,
      form,
      h("p", { class: "login-extra" },
        h("a", { href: "#/password-reset", id: "login-forgot" }, t("login.forgot")),
        h("a", { href: "#/signup", id: "login-signup" }, t("login.signup")))),
  );
  (email.value ? password : email).focus();
}
