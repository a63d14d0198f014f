// Sign-in: e-mail + password, Enter submits, the API's message on failure, the e-mail kept.

import { ApiError } from "../api/http.js";
import { continueAfterLogin, login } from "../auth.js";
import { h } from "../dom.js";
import { t } from "../i18n/index.js";
import { clearFormDraft, formDraft } from "../state/drafts.js";
import { busy, field, keepDraft, messageLine } from "../widgets/form.js";

export const titleKey = "login.title";

export function mount(container, match) {
  const notice = match.query.reason === "expired" ? t("session.expired")
    : match.query.reason === "lifetime" ? t("session.lifetimeOver")
      : match.query.reason === "logout" ? t("session.loggedOut") : "";

  const email = field({ label: t("login.email"), input: h("input", {
    id: "login-email", name: "email", type: "email", autocomplete: "username", required: true,
    spellcheck: "false", autocapitalize: "off",
  }) });
  const password = field({ label: t("login.password"), input: h("input", {
    id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true,
  }) });
  // The e-mail typed so far survives a language switch (the view is mounted again).
  const draft = formDraft("login");
  keepDraft(draft, { email });
  const submit = h("button", { type: "submit", class: "button-primary", id: "login-submit" }, t("login.submit"));
  const message = messageLine("login-message");
  const form = h("form", { class: "login-form", novalidate: true, "aria-describedby": "login-message" },
    email.root, password.root, message.el, submit);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const address = email.input.value.trim();
    if (!address || !password.input.value) {
      message.error(t("login.missing"));
      (address ? password : email).input.focus();
      return;
    }
    message.clear();
    form.classList.add("is-busy");
    try {
      await busy(submit, t("login.busy"), () => login(address, password.input.value));
      clearFormDraft("login");
      continueAfterLogin(match.query.next);
    } catch (err) {
      form.classList.remove("is-busy");
      message.error(err instanceof ApiError ? err.message : String(err));
      password.input.value = "";
      password.input.focus();
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
  (email.input.value ? password : email).input.focus();
}
