// T2 agent management (admins only; the API refuses agents anyway): the tenant's agents with role,
// state and lock, an invitation form, and per row: resend or revoke an invitation, disable or enable,
// make admin or agent, unlock. Destructive actions ask first; every action says how it went.

import * as team from "../../api/agents.js";
import { ApiError } from "../../api/http.js";
import { h, replace } from "../../dom.js";
import { formatDateTime } from "../../format.js";
import { language, t } from "../../i18n/index.js";
import { formDraft } from "../../state/drafts.js";
import { currentAgent, isAdmin } from "../../state/session.js";
import { confirmDialog } from "../../widgets/dialog.js";
import {
  busy, checkFields, field, keepDraft, languageOptions, messageLine, select,
} from "../../widgets/form.js";

export const titleKey = "agents.title";

function isLocked(agent) {
  if (typeof agent.locked === "boolean") return agent.locked;
  return Boolean(agent.locked_until) && Date.parse(agent.locked_until) > Date.now();
}

export function mount(container) {
  if (!isAdmin()) {
    // The route is admin-only in the shell; this is the second line of defence.
    container.append(h("section", { class: "panel" }, h("h1", null, t("shell.forbidden"))));
    return {};
  }
  const me = currentAgent();
  const note = messageLine("agents-message");
  const listBox = h("div", { id: "agents-list", class: "agents-list" });
  let agents = [];
  let alive = true;

  // ---- invitation form ----
  const email = field({ label: t("agents.email"),
    input: h("input", { name: "email", id: "invite-email", type: "email", autocomplete: "off", spellcheck: "false", autocapitalize: "off" }) });
  const name = field({ label: t("agents.name"),
    input: h("input", { name: "name", id: "invite-name", type: "text", autocomplete: "off", maxlength: "120" }) });
  const role = field({ label: t("agents.role"),
    input: select({ name: "role", id: "invite-role" }, [["agent", t("role.agent")], ["admin", t("role.admin")]], "agent") });
  const lang = field({ label: t("agents.language"),
    input: select({ name: "language", id: "invite-language" }, languageOptions(), language()) });
  // What the invite form holds survives a language switch (the view is mounted again).
  const draft = formDraft("invite");
  keepDraft(draft, { email, name, role, language: lang });
  const inviteNote = messageLine("invite-message");
  const inviteButton = h("button", { type: "submit", class: "button-primary", id: "invite-submit" }, t("agents.inviteSubmit"));
  const inviteForm = h("form", { class: "admin-form invite-form", novalidate: true, "aria-labelledby": "invite-title" },
    h("h2", { id: "invite-title" }, t("agents.invite")),
    h("div", { class: "form-row" }, email.root, name.root, role.root, lang.root,
      h("div", { class: "field field-action" }, inviteButton)),
    inviteNote.el);

  inviteForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (inviteButton.disabled) return;
    inviteNote.clear();
    if (!checkFields([[email, "email"], [name, "required"]])) return;
    const address = email.input.value.trim();
    await busy(inviteButton, t("agents.inviteBusy"), async () => {
      try {
        await team.invite({ email: address, name: name.input.value.trim(), role: role.input.value, language: lang.input.value });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        inviteNote.apiError(err, { email, name, role, language: lang });
        return;
      }
      inviteNote.success(t("agents.invited", { email: address }));
      email.input.value = "";
      name.input.value = "";
      Object.assign(draft, { email: "", name: "" });
      email.input.focus();
      await load();
    });
  });

  // ---- the list ----
  function stateCell(agent) {
    const state = agent.state || "active";
    return h("td", { class: "col-state" },
      h("span", { class: `state-badge state-${state}` }, t(`agents.state.${state}`)),
      state === "invited" && agent.invitation_expires_at
        ? h("span", { class: "cell-note" }, t("agents.validUntil", { time: formatDateTime(agent.invitation_expires_at) })) : null);
  }

  function lockCell(agent) {
    const parts = [];
    if (isLocked(agent)) {
      parts.push(h("span", { class: "badge badge-locked" }, t("agents.lockedUntil", { time: formatDateTime(agent.locked_until) })));
    }
    if (agent.failed_logins) parts.push(h("span", { class: "cell-note" }, t("agents.failed", { n: agent.failed_logins })));
    return h("td", { class: "col-lock" }, parts.length ? parts : h("span", { class: "muted" }, t("agents.lockOk")));
  }

  /** spec: {run() -> Promise, done: text, confirm?: {title, text, confirmLabel, danger}, danger?} */
  function actionButton(agent, kind, label, spec) {
    const button = h("button", {
      type: "button", class: spec.danger ? "button-quiet button-quiet-danger" : "button-quiet",
      dataset: { action: kind, agentId: agent.agent_id },
    }, label);
    button.addEventListener("click", () => act(agent, button, spec));
    return button;
  }

  function actionsFor(agent) {
    const who = agent.name || agent.email;
    const isMe = me && agent.agent_id === me.agent_id;
    const id = agent.agent_id;
    const buttons = [];
    const state = agent.state || "active";
    if (state === "invited") {
      buttons.push(actionButton(agent, "resend", t("agents.action.resend"), {
        run: () => team.resendInvitation(id), done: t("agents.done.resend", { email: agent.email }) }));
      buttons.push(actionButton(agent, "revoke", t("agents.action.revoke"), {
        danger: true,
        confirm: { title: t("agents.confirm.revoke.title"), text: t("agents.confirm.revoke.text", { email: agent.email }),
          confirmLabel: t("agents.action.revoke"), danger: true },
        run: () => team.revokeInvitation(id), done: t("agents.done.revoke", { email: agent.email }) }));
    }
    if (state === "active") {
      const toRole = agent.role === "admin" ? "agent" : "admin";
      const key = toRole === "admin" ? "makeAdmin" : "makeAgent";
      buttons.push(actionButton(agent, "role", t(`agents.action.${key}`), {
        confirm: { title: t(`agents.confirm.${key}.title`), text: t(`agents.confirm.${key}.text`, { who }),
          confirmLabel: t(`agents.action.${key}`), danger: toRole === "agent" },
        run: () => team.setRole(id, toRole), done: t("agents.done.role", { email: agent.email, role: t(`role.${toRole}`) }) }));
      buttons.push(actionButton(agent, "disable", t("agents.action.disable"), {
        danger: true,
        confirm: { title: t("agents.confirm.disable.title"),
          text: isMe ? t("agents.confirm.disableSelf.text") : t("agents.confirm.disable.text", { who }),
          confirmLabel: t("agents.action.disable"), danger: true },
        run: () => team.disable(id), done: t("agents.done.disable", { email: agent.email }) }));
    }
    if (state === "disabled") {
      buttons.push(actionButton(agent, "enable", t("agents.action.enable"), {
        run: () => team.enable(id), done: t("agents.done.enable", { email: agent.email }) }));
    }
    if (isLocked(agent)) {
      buttons.push(actionButton(agent, "unlock", t("agents.action.unlock"), {
        run: () => team.unlock(id), done: t("agents.done.unlock", { email: agent.email }) }));
    }
    return buttons;
  }

  async function act(agent, button, spec) {
    if (button.disabled) return;
    note.clear();
    if (spec.confirm && !(await confirmDialog(spec.confirm))) return;
    try {
      await busy(button, t("agents.action.busy"), spec.run);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 401) return;
      await load();
      note.error(err);
      note.el.focus();
      return;
    }
    await load();
    note.success(spec.done);
    // Back to the same row (its first action), else to the message.
    const again = /** @type {HTMLElement | null} */ (listBox.querySelector(`tr[data-agent-id="${CSS.escape(agent.agent_id)}"] button`));
    (again || note.el).focus();
  }

  function renderList() {
    if (!agents.length) {
      replace(listBox, h("p", { class: "empty-state" }, t("agents.empty")));
      return;
    }
    const sorted = [...agents].sort((a, b) => (a.email || "").localeCompare(b.email || ""));
    replace(listBox, h("table", { class: "data-table agents-table", id: "agents-table", "aria-labelledby": "agents-list-title" },
      h("thead", null, h("tr", null,
        ["email", "name", "role", "state", "lock", "actions"].map((c) => h("th", { scope: "col", class: `col-${c}` }, t(`agents.col.${c}`))))),
      h("tbody", null, sorted.map((agent) => h("tr", {
        dataset: { agentId: agent.agent_id, email: agent.email, state: agent.state || "active" },
        class: agent.state === "disabled" ? "is-disabled" : null,
      },
      h("td", { class: "col-email" }, agent.email,
        me && agent.agent_id === me.agent_id ? h("span", { class: "badge badge-you" }, t("agents.you")) : null),
      h("td", { class: "col-name" }, agent.name || ""),
      h("td", { class: "col-role" }, t(`role.${agent.role}`)),
      stateCell(agent),
      lockCell(agent),
      h("td", { class: "col-actions" }, h("div", { class: "row-actions" }, actionsFor(agent))))))));
  }

  async function load() {
    if (!agents.length) replace(listBox, h("p", { class: "status-line status-loading", role: "status" }, t("agents.loading")));
    try {
      agents = await team.list();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (!alive) return;
      replace(listBox, h("div", { class: "error-box", role: "alert" },
        h("p", { class: "error-title" }, t("agents.loadFailed")),
        h("p", { class: "error-message" }, err.message),
        h("p", { class: "actions" }, h("button", { type: "button", class: "button-secondary", onClick: load }, t("agents.retry")))));
      return;
    }
    if (alive) renderList();
  }

  const heading = h("h1", { id: "agents-title", tabindex: "-1" }, t("agents.title"));
  container.append(h("section", { class: "admin-view agents-view", "aria-labelledby": "agents-title" },
    heading,
    h("p", { class: "muted admin-intro" }, t("agents.intro")),
    h("div", { class: "panel" }, inviteForm),
    h("h2", { id: "agents-list-title" }, t("agents.list")),
    note.el,
    listBox));
  heading.focus();
  load();
  return { unmount() { alive = false; } };
}
