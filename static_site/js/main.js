// Boot and shell: header (app, tenant, agent, language, logout), the key help, the route table and
// the global keys. Screens live in views/*.js and are loaded on first use.
//
// A view module exports:
//   export function mount(container, match) -> { update?(match), unmount?(), focusSearch?(), goUp?() } | void
//   export const titleKey = "..."              (i18n key for the document title)
// match = {route, path, params, query}. update() is called instead of a new mount when only the
// query or params of the same route change (e.g. a new search); without update() the view is mounted anew.
// goUp() is what Esc does on that screen (one level up: order -> customer -> search results); without
// it Esc goes back in the history.
// To add a screen: one line in `routes` below (and `nav` to show it in the header).

import { sessionEndReason, setUnauthorizedHandler } from "./api/http.js";
import { continueAfterLogin, logout, startSessionKeeper } from "./auth.js";
import { h, isTyping, replace } from "./dom.js";
import { applyDocumentLanguage, language, LANGUAGES, onLanguageChange, setLanguage, t } from "./i18n/index.js";
import { canGoBack, currentHash, navigate, startRouter } from "./router.js";
import { loadConnections } from "./state/pixi_connections.js";
import { lastSearchHash, requestSearchFocus } from "./state/search_trail.js";
import { currentAgent, hasFeature, isAdmin, isSignedIn } from "./state/session.js";
import { connectionSwitch } from "./widgets/connection_switch.js";

/**
 * public: reachable without sign-in. home: the start screen (Esc does not leave it).
 * feature / admin: shown and reachable only with that package feature / role.
 * nav: i18n key of the header link.
 * perConnection: the screen shows one pixi connection's data: another connection in the header
 * mounts it again (instead of going back to the search).
 */
export const routes = [
  { path: "/login", load: () => import("./views/login.js"), public: true },
  { path: "/search", load: () => import("./views/search.js"), nav: "nav.search", feature: "search", home: true },
  { path: "/customers/:key", load: () => import("./views/customer.js"), feature: "search" },
  { path: "/customers/:key/orders/:order", load: () => import("./views/order.js"), feature: "search" },
  { path: "/orders/:order", load: () => import("./views/order.js"), feature: "search" },
  { path: "/order/new", load: () => import("./views/order_form.js"), nav: "nav.newOrder", feature: "ordering" },
  { path: "/carts", load: () => import("./views/carts.js"), nav: "nav.carts", feature: "ordering" },
  { path: "/carts/:cart", load: () => import("./views/order_form.js"), feature: "ordering" },
  { path: "/signup", load: () => import("./views/signup.js"), public: true },
  { path: "/verify", load: () => import("./views/verify.js"), public: true },
  { path: "/confirm-address", load: () => import("./views/confirm_address.js"), public: true },
  { path: "/invitation", load: () => import("./views/invitation.js"), public: true },
  { path: "/password-reset", load: () => import("./views/password_reset.js"), public: true },
  { path: "/password-reset/confirm", load: () => import("./views/password_reset.js"), public: true },
  { path: "/admin/agents", load: () => import("./views/admin/agents.js"), nav: "nav.agents", admin: true },
  { path: "/admin/settings", load: () => import("./views/admin/settings.js"), nav: "nav.settings", admin: true },
  { path: "/audit", load: () => import("./views/audit.js"), nav: "nav.audit", admin: true },
  { path: "/settings/order", load: () => import("./views/admin/order_config.js"), admin: true, feature: "ordering", perConnection: true },
  { path: "/settings/promo-prices", load: () => import("./views/admin/promo_imports.js"), admin: true, feature: "product_import", perConnection: true },
];

const header = document.getElementById("app-header");
const main = document.getElementById("main");
const footer = document.getElementById("app-footer");

let mounted = null; // {route, instance}
let lastMatch = null;
let routeSeq = 0;

function allowed(route) {
  if (route.admin && !isAdmin()) return false;
  if (route.feature && currentAgent()?.features && !hasFeature(route.feature)) return false;
  return true;
}

function renderHeader(match) {
  const agent = isSignedIn() ? currentAgent() : null;
  const here = match?.route?.path;
  const nav = agent
    ? h("nav", { class: "app-nav", "aria-label": t("shell.nav") },
      routes.filter((r) => r.nav && allowed(r)).map((r) =>
        h("a", { href: `#${r.path}`, "aria-current": here === r.path ? "page" : null }, t(r.nav))))
    : null;
  const languageSwitch = h("div", { class: "lang-switch", role: "group", "aria-label": t("shell.language") },
    LANGUAGES.map((lang) => h("button", {
      type: "button",
      class: "lang-button",
      lang,
      "aria-pressed": String(language() === lang),
      title: t(lang === "de" ? "shell.languageDe" : "shell.languageEn"),
      dataset: { lang },
      onClick: () => setLanguage(lang),
    }, lang.toUpperCase())));
  replace(header,
    h("div", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "p"), t("app.name")),
    nav,
    h("div", { class: "header-spacer" }),
    agent ? connectionSwitch(onConnectionChosen) : null,
    agent ? h("div", { class: "who" },
      h("span", { class: "tenant", title: t("shell.tenant") }, agent.tenant_name),
      h("span", { class: "agent-email", title: t("shell.agent", { email: agent.email }) }, agent.email)) : null,
    languageSwitch,
    agent ? h("button", { type: "button", class: "button-quiet logout", onClick: signOut }, t("shell.logout")) : null,
  );
}

// Another pixi connection means other customers, orders and shops: start over in an empty search.
function onConnectionChosen() {
  unmount();
  if (lastMatch?.route?.perConnection) {
    onRoute(lastMatch);
    return;
  }
  const inEmptySearch = lastMatch?.route?.path === "/search" && Object.keys(lastMatch.query || {}).length === 0;
  if (inEmptySearch) onRoute(lastMatch);
  else navigate("/search");
}

function renderFooter() {
  if (!isSignedIn()) {
    footer.replaceChildren();
    return;
  }
  const key = (k, label) => h("span", { class: "key" }, h("kbd", null, k), " ", label);
  replace(footer,
    h("p", { class: "key-help", "aria-label": t("shell.keys") },
      h("span", { class: "key-help-title" }, `${t("shell.keys")}:`),
      key("/", t("shell.keySearch")),
      key("↑↓", t("shell.keySelect")),
      key("Enter", t("shell.keyOpen")),
      key("Esc", t("shell.keyBack"))),
  );
}

function unmount() {
  if (mounted?.instance?.unmount) mounted.instance.unmount();
  mounted = null;
  main.replaceChildren();
}

function signOut() {
  logout();
  unmount();
  navigate("/login", { reason: "logout" });
}

async function onRoute(match) {
  const seq = ++routeSeq;
  lastMatch = match;
  const { route } = match;

  if (!route) {
    navigate(isSignedIn() ? "/search" : "/login", {}, { replace: true });
    return;
  }
  if (!route.public && !isSignedIn()) {
    unmount();
    navigate("/login", { next: currentHash() }, { replace: true });
    return;
  }
  if (route.path === "/login" && isSignedIn()) {
    continueAfterLogin(match.query.next);
    return;
  }

  renderHeader(match);
  renderFooter();
  if (!route.public) {
    loadConnections().then(() => {
      if (seq === routeSeq) renderHeader(match);
    }, () => { /* no chooser: the account's default connection is used */ });
  }
  document.body.dataset.route = route.path;

  if (!allowed(route)) {
    unmount();
    main.append(h("section", { class: "panel" }, h("h1", null, t("shell.forbidden")),
      h("p", null, h("a", { href: "#/search" }, t("app.toSearch")))));
    return;
  }

  if (mounted && mounted.route === route && mounted.instance?.update) {
    mounted.instance.update(match);
    return;
  }

  unmount();
  const loading = window.setTimeout(() => main.append(h("p", { class: "loading-view" }, t("app.loading"))), 150);
  let view;
  try {
    view = await route.load();
  } finally {
    window.clearTimeout(loading);
  }
  if (seq !== routeSeq) return;
  main.replaceChildren();
  document.title = view.titleKey ? `${t(view.titleKey)} – ${t("app.name")}` : t("app.name");
  mounted = { route, instance: view.mount(main, match) || {} };
  if (!main.contains(document.activeElement)) main.focus({ preventScroll: true });
}

function onKeyDown(event) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  if (!isSignedIn()) return;
  if (event.key === "/" && !isTyping(event.target)) {
    event.preventDefault();
    if (mounted?.instance?.focusSearch) mounted.instance.focusSearch();
    else {
      requestSearchFocus();
      window.location.hash = lastSearchHash();
    }
    return;
  }
  if (event.key === "Escape" && document.querySelector("dialog[open]") === null) {
    const route = lastMatch?.route;
    if (!route || route.public || route.home) return;
    event.preventDefault();
    if (mounted?.instance?.goUp) mounted.instance.goUp();
    else if (canGoBack()) window.history.back();
    else navigate("/search");
  }
}

function boot() {
  applyDocumentLanguage();
  document.getElementById("skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  setUnauthorizedHandler((error) => {
    logout();
    unmount();
    navigate("/login", { next: currentHash(), reason: sessionEndReason(error) }, { replace: true });
  });
  onLanguageChange(() => {
    document.getElementById("skip-link").textContent = t("app.skip");
    // Mount the current screen again in the new language (screens keep their data in memory).
    if (mounted) unmount();
    if (lastMatch) onRoute(lastMatch);
  });
  document.addEventListener("keydown", onKeyDown);
  document.getElementById("skip-link").textContent = t("app.skip");
  startSessionKeeper();
  startRouter(routes, onRoute);
}

boot();
