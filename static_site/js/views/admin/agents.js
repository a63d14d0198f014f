// T2 agent management (admins only; the API refuses agents anyway): the tenant's agents with role,
// state and lock, an invitation form, and per row: resend or revoke an invitation, disable or enable,
// make admin or agent, unlock. Destructive actions ask first; every action says how it went.

import { ApiError } from "../../api.js";
import { h, replace } from "../../dom.js";
import { formatDateTime } from "../../format.js";
import { addMessages, language, t } from "../../i18n.js";
import { currentAgent, isAdmin } from "../../session.js";
import { team } from "./admin_api.js";
import {
  busy, checkFields, confirmDialog, field, languageOptions, messageLine, select,
} from "./ui.js";

addMessages({
  de: {
    "agents.title": "Agentenverwaltung",
    "agents.intro": "Laden Sie Ihre Callcenter-Agenten per E-Mail ein und verwalten Sie, wer Zugang hat. Eine E-Mail-Adresse kann im ganzen System nur einmal vergeben werden.",
    "agents.invite": "Agent einladen",
    "agents.email": "E-Mail-Adresse",
    "agents.name": "Name",
    "agents.role": "Rolle",
    "agents.language": "Sprache",
    "agents.inviteSubmit": "Einladung senden",
    "agents.inviteBusy": "Wird gesendet …",
    "agents.invited": "Die Einladung an {email} wurde gesendet.",
    "agents.list": "Agenten",
    "agents.loading": "Agenten werden geladen …",
    "agents.loadFailed": "Die Agenten konnten nicht geladen werden.",
    "agents.retry": "Erneut versuchen",
    "agents.empty": "Noch keine Agenten.",
    "agents.col.email": "E-Mail",
    "agents.col.name": "Name",
    "agents.col.role": "Rolle",
    "agents.col.state": "Status",
    "agents.col.lock": "Anmeldung",
    "agents.col.actions": "Aktionen",
    "agents.you": "Sie",
    "role.admin": "Administrator",
    "role.agent": "Agent",
    "state.invited": "eingeladen",
    "state.active": "aktiv",
    "state.disabled": "deaktiviert",
    "agents.lockedUntil": "gesperrt bis {time}",
    "agents.failed": "{n} Fehlversuche",
    "agents.lockOk": "–",
    "agents.validUntil": "Link gültig bis {time}",
    "action.resend": "Erneut senden",
    "action.revoke": "Einladung zurückziehen",
    "action.disable": "Deaktivieren",
    "action.enable": "Aktivieren",
    "action.makeAdmin": "Zum Administrator machen",
    "action.makeAgent": "Zum Agenten machen",
    "action.unlock": "Entsperren",
    "action.busy": "Bitte warten …",
    "confirm.revoke.title": "Einladung zurückziehen?",
    "confirm.revoke.text": "Die Einladung an {email} wird ungültig; der Link in der E-Mail funktioniert nicht mehr. Die Adresse ist danach wieder frei.",
    "confirm.disable.title": "Agent deaktivieren?",
    "confirm.disable.text": "{who} kann sich nicht mehr anmelden; eine laufende Sitzung endet spätestens nach 15 Minuten. Sie können den Zugang später wieder aktivieren.",
    "confirm.disableSelf.text": "Sie deaktivieren Ihr eigenes Konto und werden danach nicht mehr arbeiten können.",
    "confirm.makeAgent.title": "Administratorrechte entziehen?",
    "confirm.makeAgent.text": "{who} sieht danach die Agentenverwaltung und die Einstellungen nicht mehr.",
    "confirm.makeAdmin.title": "Zum Administrator machen?",
    "confirm.makeAdmin.text": "{who} kann danach Agenten verwalten und alle Einstellungen ändern.",
    "done.resend": "Die Einladung an {email} wurde erneut gesendet. Der alte Link funktioniert nicht mehr.",
    "done.revoke": "Die Einladung an {email} wurde zurückgezogen.",
    "done.disable": "{email} wurde deaktiviert.",
    "done.enable": "{email} wurde aktiviert.",
    "done.role": "{email} ist jetzt {role}.",
    "done.unlock": "{email} wurde entsperrt.",
  },
  en: {
    "agents.title": "Agent management",
    "agents.intro": "Invite your call-center agents by e-mail and manage who has access. An e-mail address can be used only once in the whole system.",
    "agents.invite": "Invite agent",
    "agents.email": "E-mail address",
    "agents.name": "Name",
    "agents.role": "Role",
    "agents.language": "Language",
    "agents.inviteSubmit": "Send invitation",
    "agents.inviteBusy": "Sending …",
    "agents.invited": "The invitation to {email} has been sent.",
    "agents.list": "Agents",
    "agents.loading": "Loading agents …",
    "agents.loadFailed": "The agents could not be loaded.",
    "agents.retry": "Try again",
    "agents.empty": "No agents yet.",
    "agents.col.email": "E-mail",
    "agents.col.name": "Name",
    "agents.col.role": "Role",
    "agents.col.state": "State",
    "agents.col.lock": "Sign-in",
    "agents.col.actions": "Actions",
    "agents.you": "you",
    "role.admin": "Administrator",
    "role.agent": "Agent",
    "state.invited": "invited",
    "state.active": "active",
    "state.disabled": "disabled",
    "agents.lockedUntil": "locked until {time}",
    "agents.failed": "{n} failed attempts",
    "agents.lockOk": "–",
    "agents.validUntil": "link valid until {time}",
    "action.resend": "Send again",
    "action.revoke": "Revoke invitation",
    "action.disable": "Disable",
    "action.enable": "Enable",
    "action.makeAdmin": "Make administrator",
    "action.makeAgent": "Make agent",
    "action.unlock": "Unlock",
    "action.busy": "Please wait …",
    "confirm.revoke.title": "Revoke invitation?",
    "confirm.revoke.text": "The invitation to {email} becomes invalid; the link in the e-mail stops working. The address is free again afterwards.",
    "confirm.disable.title": "Disable agent?",
    "confirm.disable.text": "{who} can no longer sign in; a running session ends within 15 minutes at most. You can enable the access again later.",
    "confirm.disableSelf.text": "You are disabling your own account and will not be able to work afterwards.",
    "confirm.makeAgent.title": "Remove administrator rights?",
    "confirm.makeAgent.text": "{who} will no longer see the agent management and the settings.",
    "confirm.makeAdmin.title": "Make administrator?",
    "confirm.makeAdmin.text": "{who} can then manage agents and change all settings.",
    "done.resend": "The invitation to {email} has been sent again. The old link no longer works.",
    "done.revoke": "The invitation to {email} has been revoked.",
    "done.disable": "{email} has been disabled.",
    "done.enable": "{email} has been enabled.",
    "done.role": "{email} is now {role}.",
    "done.unlock": "{email} has been unlocked.",
  },
});

export const titleKey = "agents.title";

// What the invite form holds survives a language switch (the view is mounted again).
const draft = { email: "", name: "", role: "agent", language: "" };

function isLocked(agent) {
  if (typeof agent.locked === "boolean") return agent.locked;
  return Boolean(agent.locked_until) && Date.parse(agent.locked_until) > Date.now();
}

export function mount(container) {
  if (!isAdmin()) {
    // The route is admin-only in the shell; this is the second line of defence.
    container.append(h("section", { class: "panel" }, h("h1", null, t("code.forbidden"))));
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
    input: select({ name: "role", id: "invite-role" }, [["agent", t("role.agent")], ["admin", t("role.admin")]], draft.role) });
  const lang = field({ label: t("agents.language"),
    input: select({ name: "language", id: "invite-language" }, languageOptions(), draft.language || language()) });
  email.input.value = draft.email;
  name.input.value = draft.name;
  for (const [key, f] of Object.entries({ email, name, role, language: lang })) {
    const keep = () => { draft[key] = f.input.value; };
    f.input.addEventListener("input", keep);
    f.input.addEventListener("change", keep);
  }
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
      draft.email = "";
      draft.name = "";
      email.input.focus();
      await load();
    });
  });

  // ---- the list ----
  function stateCell(agent) {
    const state = agent.state || "active";
    return h("td", { class: "col-state" },
      h("span", { class: `state-badge state-${state}` }, t(`state.${state}`)),
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
      buttons.push(actionButton(agent, "resend", t("action.resend"), {
        run: () => team.resend(id), done: t("done.resend", { email: agent.email }) }));
      buttons.push(actionButton(agent, "revoke", t("action.revoke"), {
        danger: true,
        confirm: { title: t("confirm.revoke.title"), text: t("confirm.revoke.text", { email: agent.email }),
          confirmLabel: t("action.revoke"), danger: true },
        run: () => team.revoke(id), done: t("done.revoke", { email: agent.email }) }));
    }
    if (state === "active") {
      const toRole = agent.role === "admin" ? "agent" : "admin";
      const key = toRole === "admin" ? "makeAdmin" : "makeAgent";
      buttons.push(actionButton(agent, "role", t(`action.${key}`), {
        confirm: { title: t(`confirm.${key}.title`), text: t(`confirm.${key}.text`, { who }),
          confirmLabel: t(`action.${key}`), danger: toRole === "agent" },
        run: () => team.setRole(id, toRole), done: t("done.role", { email: agent.email, role: t(`role.${toRole}`) }) }));
      buttons.push(actionButton(agent, "disable", t("action.disable"), {
        danger: true,
        confirm: { title: t("confirm.disable.title"),
          text: isMe ? t("confirm.disableSelf.text") : t("confirm.disable.text", { who }),
          confirmLabel: t("action.disable"), danger: true },
        run: () => team.disable(id), done: t("done.disable", { email: agent.email }) }));
    }
    if (state === "disabled") {
      buttons.push(actionButton(agent, "enable", t("action.enable"), {
        run: () => team.enable(id), done: t("done.enable", { email: agent.email }) }));
    }
    if (isLocked(agent)) {
      buttons.push(actionButton(agent, "unlock", t("action.unlock"), {
        run: () => team.unlock(id), done: t("done.unlock", { email: agent.email }) }));
    }
    return buttons;
  }

  async function act(agent, button, spec) {
    if (button.disabled) return;
    note.clear();
    if (spec.confirm && !(await confirmDialog(spec.confirm))) return;
    try {
      await busy(button, t("action.busy"), spec.run);
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
    const again = listBox.querySelector(`tr[data-agent-id="${CSS.escape(agent.agent_id)}"] button`);
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
      const answer = await team.list();
      agents = Array.isArray(answer) ? answer : answer?.agents || [];
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
