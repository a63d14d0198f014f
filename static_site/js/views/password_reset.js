// Password reset (public), two screens of one module:
//   #/password-reset                  asks for the e-mail address; the answer is always the same
//                                     (whether the address is known is never told).
//   #/password-reset?token=           the link of the mail (also #/password-reset/confirm?token=):
//                                     set a new password, then sign in.

import * as authApi from "../api/auth.js";
import { ApiError } from "../api/http.js";
import { h, replace } from "../dom.js";
import { language, t } from "../i18n/index.js";
import { clearFormDraft, formDraft } from "../state/drafts.js";
import { busy, checkFields, field, keepDraft, messageLine, passwordProblem } from "../widgets/form.js";

export const titleKey = "reset.title";

let requestedFor = "";
const doneTokens = new Set();

export function mount(container, match) {
  // The mail links to #/password-reset?token=...; #/password-reset/confirm?token=... works as well.
  const token = (match.query.token || "").trim();
  if (token || match.route.path.endsWith("/confirm")) mountConfirm(container, token);
  else mountRequest(container);
}

function panel(container, titleKey_, id) {
  const heading = h("h1", { id, tabindex: "-1" }, t(titleKey_));
  const body = h("div");
  container.append(h("section", { class: "login-panel account-panel", "aria-labelledby": id }, heading, body));
  return { heading, body };
}

function mountRequest(container) {
  const { heading, body } = panel(container, "reset.title", "reset-title");
  const showSent = () => {
    replace(body,
      h("p", { class: "notice", role: "status", id: "reset-sent" }, t("reset.sent", { email: requestedFor })),
      h("p", { class: "account-links" }, h("a", { href: "#/login", onClick: () => { requestedFor = ""; } }, t("reset.toLogin"))));
    heading.focus();
  };
  if (requestedFor) {
    showSent();
    return;
  }
  const email = field({ label: t("reset.email"),
    input: h("input", { name: "email", id: "reset-email", type: "email", autocomplete: "username", spellcheck: "false", autocapitalize: "off" }) });
  keepDraft(formDraft("password-reset"), { email });
  const note = messageLine("reset-message");
  const submit = h("button", { type: "submit", class: "button-primary", id: "reset-submit" }, t("reset.submit"));
  const form = h("form", { class: "login-form", novalidate: true }, email.root, note.el, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    note.clear();
    if (!checkFields([[email, "email"]])) return;
    await busy(submit, t("reset.busy"), async () => {
      try {
        await authApi.requestPasswordReset(email.input.value.trim(), language());
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        note.apiError(err, { email });
        return;
      }
      requestedFor = email.input.value.trim();
      clearFormDraft("password-reset");
      showSent();
    });
  });
  replace(body, h("p", { class: "muted" }, t("reset.intro")), form,
    h("p", { class: "account-links" }, h("a", { href: "#/login" }, t("reset.toLogin"))));
  email.input.focus();
}

function mountConfirm(container, token) {
  const { heading, body } = panel(container, "reset.confirmTitle", "reset-confirm-title");
  const showInvalid = (err) => {
    replace(body, h("div", { class: "error-box", role: "alert", id: "reset-error" },
      h("p", { class: "error-title" }, t("reset.invalid")),
      h("p", { class: "error-message" }, err ? err.message : t("ui.tokenMissing")),
      h("p", { class: "error-message" }, t("reset.invalidHelp")),
      h("p", { class: "actions" }, h("a", { href: "#/password-reset" }, t("reset.again")))));
    heading.focus();
  };
  const showDone = () => {
    const go = h("a", { href: "#/login", class: "button-primary", id: "reset-login" }, t("reset.signIn"));
    replace(body, h("p", { class: "notice notice-success", role: "status", id: "reset-done" }, t("reset.done")), h("p", null, go));
    go.focus();
  };
  if (!token) {
    showInvalid(null);
    return;
  }
  if (doneTokens.has(token)) {
    showDone();
    return;
  }
  const password = field({ label: t("reset.password"), hint: t("ui.password.policy"),
    input: h("input", { name: "password", id: "reset-password", type: "password", autocomplete: "new-password" }) });
  const repeat = field({ label: t("reset.repeat"),
    input: h("input", { name: "password_repeat", id: "reset-repeat", type: "password", autocomplete: "new-password" }) });
  const note = messageLine("reset-confirm-message");
  const submit = h("button", { type: "submit", class: "button-primary", id: "reset-save" }, t("reset.save"));
  const form = h("form", { class: "login-form", novalidate: true }, password.root, repeat.root, note.el, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    note.clear();
    const ok = checkFields([[password, (v) => passwordProblem(v)],
      [repeat, (v) => (v === password.input.value ? "" : t("ui.password.mismatch"))]]);
    if (!ok) return;
    await busy(submit, t("reset.saving"), async () => {
      try {
        await authApi.confirmPasswordReset(token, password.input.value);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.fields && (err.fields.password || err.fields["body.password"])) {
          note.apiError(err, { password });
        } else if (err.status >= 400 && err.status < 500 && err.status !== 429) {
          showInvalid(err);
        } else {
          note.error(err);
        }
        return;
      }
      doneTokens.add(token);
      showDone();
    });
  });
  replace(body, form);
  password.input.focus();
}
