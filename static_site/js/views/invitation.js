// The link of the invitation mail (#/invitation?token=...): shows which account invites which
// address, the agent sets name and password, is signed in and lands in the search.
// An expired, revoked or replaced link (after "resend") says so clearly.

import { ApiError } from "../api/http.js";
import * as invitations from "../api/invitations.js";
import { continueAfterLogin, login } from "../auth.js";
import { h, replace } from "../dom.js";
import { t } from "../i18n/index.js";
import { saveSession } from "../state/session.js";
import { busy, checkFields, field, messageLine, passwordProblem } from "../widgets/form.js";

export const titleKey = "invitation.title";

export function mount(container, match) {
  const token = (match.query.token || "").trim();
  const heading = h("h1", { id: "invitation-title", tabindex: "-1" }, t("invitation.title"));
  const body = h("div", { id: "invitation-body" });
  container.append(h("section", { class: "login-panel account-panel", "aria-labelledby": "invitation-title" }, heading, body));

  function showInvalid(err) {
    const retryable = err instanceof ApiError && err.retryable;
    replace(body, h("div", { class: "error-box", role: "alert", id: "invitation-error" },
      h("p", { class: "error-title" }, retryable ? err.message : t("invitation.invalid")),
      err && !retryable ? h("p", { class: "error-message" }, err.message) : null,
      err ? null : h("p", { class: "error-message" }, t("ui.tokenMissing")),
      retryable ? null : h("p", { class: "error-message" }, t("invitation.invalidHelp")),
      h("p", { class: "actions" },
        retryable ? h("button", { type: "button", class: "button-secondary", onClick: load }, t("invitation.retry")) : null,
        " ", h("a", { href: "#/login" }, t("invitation.toLogin")))));
    heading.focus();
  }

  function showForm(invitation) {
    const email = invitation.email || "";
    const name = field({ label: t("invitation.name"),
      input: h("input", { name: "name", id: "invitation-name", type: "text", autocomplete: "name", maxlength: "120" }) });
    name.input.value = invitation.name || "";
    const password = field({ label: t("invitation.password"), hint: t("ui.password.policy"),
      input: h("input", { name: "password", id: "invitation-password", type: "password", autocomplete: "new-password" }) });
    const repeat = field({ label: t("invitation.repeat"),
      input: h("input", { name: "password_repeat", id: "invitation-repeat", type: "password", autocomplete: "new-password" }) });
    const note = messageLine("invitation-message");
    const submit = h("button", { type: "submit", class: "button-primary", id: "invitation-submit" }, t("invitation.submit"));
    // The user name for password managers.
    const user = h("input", { type: "email", id: "invitation-email", name: "email", autocomplete: "username", readonly: true, value: email });
    const form = h("form", { class: "login-form", novalidate: true },
      h("div", { class: "field" }, h("label", { for: "invitation-email" }, t("invitation.email")), user),
      name.root, password.root, repeat.root, note.el, submit);

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      note.clear();
      const ok = checkFields([[name, "required"], [password, (v) => passwordProblem(v)],
        [repeat, (v) => (v === password.input.value ? "" : t("ui.password.mismatch"))]]);
      if (!ok) return;
      await busy(submit, t("invitation.busy"), async () => {
        let answer;
        try {
          answer = await invitations.accept({ token, name: name.input.value.trim(), password: password.input.value });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.status === 404 || err.code === "link_invalid") {
            showInvalid(err);
            return;
          }
          note.apiError(err, { name, password });
          return;
        }
        // A regular sign-in keeps the session renewed while the agent works; the accept answer's
        // session is the fallback.
        try {
          await login(email || answer?.agent?.email, password.input.value);
        } catch {
          if (answer?.token) saveSession(answer);
        }
        continueAfterLogin();
      });
    });

    replace(body,
      h("p", { class: "lead", id: "invitation-intro" }, t("invitation.intro", { tenant: invitation.tenant_name || "" })),
      form);
    (name.input.value ? password.input : name.input).focus();
  }

  let loaded = null;
  async function load() {
    if (!token) {
      showInvalid(null);
      return;
    }
    if (loaded) {
      showForm(loaded);
      return;
    }
    replace(body, h("p", { class: "status-line status-loading", role: "status" }, t("invitation.loading")));
    try {
      loaded = await invitations.invitation(token);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (body.isConnected) showInvalid(err);
      return;
    }
    if (body.isConnected) showForm(loaded);
  }

  load();
}
