// T3 signup (public): company, admin name, e-mail, password (policy shown), language. The API's
// field errors go next to their fields, nothing typed is lost; on success the page says a mail is
// on its way (the same answer whether or not the address was known: the API never tells).

import { ApiError } from "../api/http.js";
import * as signupApi from "../api/signup.js";
import { h, replace } from "../dom.js";
import { language, t } from "../i18n/index.js";
import { clearFormDraft, formDraft } from "../state/drafts.js";
import {
  busy, checkFields, field, keepDraft, languageOptions, messageLine, passwordProblem, select,
} from "../widgets/form.js";

export const titleKey = "signup.title";

// What was typed (not the password) survives a language switch (a form draft); the sent state too.
let sentTo = "";

export function mount(container) {
  const panel = h("section", { class: "login-panel account-panel", "aria-labelledby": "signup-title" });
  container.append(panel);
  if (sentTo) {
    renderSent(panel);
    return;
  }

  const company = field({ label: t("signup.company"),
    input: h("input", { name: "company_name", id: "signup-company", type: "text", autocomplete: "organization", maxlength: "120" }) });
  const name = field({ label: t("signup.name"),
    input: h("input", { name: "admin_name", id: "signup-name", type: "text", autocomplete: "name", maxlength: "120" }) });
  const email = field({ label: t("signup.email"), hint: t("signup.emailHint"),
    input: h("input", { name: "email", id: "signup-email", type: "email", autocomplete: "email", spellcheck: "false", autocapitalize: "off" }) });
  const password = field({ label: t("signup.password"), hint: t("ui.password.policy"),
    input: h("input", { name: "password", id: "signup-password", type: "password", autocomplete: "new-password" }) });
  const lang = field({ label: t("signup.language"),
    input: select({ name: "language", id: "signup-language" }, languageOptions(), language()) });
  const fields = { company_name: company, admin_name: name, email, password, language: lang };
  keepDraft(formDraft("signup"), { company_name: company, admin_name: name, email, language: lang });

  const note = messageLine("signup-message");
  const submit = h("button", { type: "submit", class: "button-primary", id: "signup-submit" }, t("signup.submit"));
  const form = h("form", { class: "login-form", novalidate: true },
    company.root, name.root, email.root, password.root, lang.root, note.el, submit);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    note.clear();
    const ok = checkFields([[company, "required"], [name, "required"], [email, "email"],
      [password, (value) => passwordProblem(value)]]);
    if (!ok) return;
    const body = {
      company_name: company.input.value.trim(),
      admin_name: name.input.value.trim(),
      email: email.input.value.trim(),
      password: password.input.value,
      language: lang.input.value,
    };
    await busy(submit, t("signup.busy"), async () => {
      try {
        await signupApi.signup(body);
        sentTo = body.email;
        clearFormDraft("signup");
        renderSent(panel);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (!note.apiError(err, fields)) note.el.focus();
      }
    });
  });

  panel.append(
    h("h1", { id: "signup-title" }, t("signup.title")),
    h("p", { class: "muted" }, t("signup.intro")),
    form,
    h("p", { class: "account-links" }, `${t("signup.haveAccount")} `, h("a", { href: "#/login", id: "signup-login-link" }, t("signup.toLogin"))),
  );
  company.input.focus();
}

function renderSent(panel) {
  const heading = h("h1", { id: "signup-title", tabindex: "-1" }, t("signup.sentTitle"));
  replace(panel,
    heading,
    h("p", { class: "notice", role: "status", id: "signup-sent" }, t("signup.sent", { email: sentTo })),
    h("p", { class: "muted" }, t("signup.sentHelp")),
    h("p", { class: "account-links" }, h("a", {
      href: "#/login", class: "button-secondary", id: "signup-sent-login",
      onClick: () => { sentTo = ""; },
    }, t("signup.toLogin"))));
  heading.focus();
}
