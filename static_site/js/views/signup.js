// T3 signup (public): company, admin name, e-mail, password (policy shown), language. The API's
// field errors go next to their fields, nothing typed is lost; on success the page says a mail is
// on its way (the same answer whether or not the address was known: the API never tells).

import { api, ApiError } from "../api.js";
import { h, replace } from "../dom.js";
import { addMessages, language, t } from "../i18n.js";
import {
  busy, checkFields, field, languageOptions, messageLine, passwordProblem, select,
} from "./admin/ui.js";

addMessages({
  de: {
    "signup.title": "Konto anlegen",
    "signup.intro": "Legen Sie ein Konto für Ihre Firma an. Sie werden der erste Administrator und können danach pixi verbinden und Agenten einladen.",
    "signup.company": "Firmenname",
    "signup.name": "Ihr Name",
    "signup.email": "E-Mail-Adresse",
    "signup.emailHint": "An diese Adresse schicken wir den Bestätigungslink. Sie ist später Ihr Benutzername.",
    "signup.password": "Passwort",
    "signup.language": "Sprache der E-Mails",
    "signup.submit": "Konto anlegen",
    "signup.busy": "Konto wird angelegt …",
    "signup.sentTitle": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
    "signup.sent": "Wir haben Ihnen eine E-Mail an {email} geschickt. Öffnen Sie den Link darin, um Ihr Konto zu bestätigen; danach können Sie sich anmelden.",
    "signup.sentHelp": "Keine E-Mail erhalten? Prüfen Sie den Spam-Ordner. Der Link ist 48 Stunden gültig.",
    "signup.haveAccount": "Sie haben schon ein Konto?",
    "signup.toLogin": "Anmelden",
  },
  en: {
    "signup.title": "Create account",
    "signup.intro": "Create an account for your company. You become its first administrator and can then connect pixi and invite agents.",
    "signup.company": "Company name",
    "signup.name": "Your name",
    "signup.email": "E-mail address",
    "signup.emailHint": "We send the confirmation link to this address. It is your user name later on.",
    "signup.password": "Password",
    "signup.language": "Language of e-mails",
    "signup.submit": "Create account",
    "signup.busy": "Creating account …",
    "signup.sentTitle": "Please confirm your e-mail address",
    "signup.sent": "We have sent an e-mail to {email}. Open the link in it to confirm your account; then you can sign in.",
    "signup.sentHelp": "No e-mail? Check the spam folder. The link is valid for 48 hours.",
    "signup.haveAccount": "Already have an account?",
    "signup.toLogin": "Sign in",
  },
});

export const titleKey = "signup.title";

// What was typed (not the password) survives a language switch; the sent state too.
const typed = { company_name: "", admin_name: "", email: "", language: "" };
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
    input: select({ name: "language", id: "signup-language" }, languageOptions(), typed.language || language()) });
  const fields = { company_name: company, admin_name: name, email, password, language: lang };
  for (const [key, f] of Object.entries(fields)) {
    if (key !== "password") {
      if (key !== "language") f.input.value = typed[key];
      f.input.addEventListener("input", () => { typed[key] = f.input.value; });
      f.input.addEventListener("change", () => { typed[key] = f.input.value; });
    }
  }

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
        await api.post("/signup", body, { auth: false });
        sentTo = body.email;
        typed.company_name = "";
        typed.admin_name = "";
        typed.email = "";
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
