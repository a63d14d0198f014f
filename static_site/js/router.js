// Hash routes with query parameters: "#/search?q=Mustermann", "#/customers/1".
// Deep links survive a reload, the back button works, and every history entry knows its position
// (history.state.idx) so "Esc = back" only goes back inside the app, and the page it came from
// (history.state.prev) so "Esc = one level up" can use the browser's back when that is the level above.
//
//   const routes = [{ path: "/customers/:key", load: () => import("./views/customer.js") }, ...]
//   startRouter(routes, (match) => ...);   navigate("/search", { q: "Meier" });

let routeTable = [];
let listener = null;
let lastIdx = 0;
let lastHash = "";

/** Split "#/search?q=x" into {path: "/search", query: {q: "x"}}. */
export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, "") || "/";
  const cut = raw.indexOf("?");
  const path = cut === -1 ? raw : raw.slice(0, cut);
  const query = Object.fromEntries(new URLSearchParams(cut === -1 ? "" : raw.slice(cut + 1)));
  return { path: path.startsWith("/") ? path : `/${path}`, query };
}

/** buildHash("/search", {q: "Müller"}) -> "#/search?q=M%C3%BCller" (empty values left out). */
export function buildHash(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ""}`;
}

function compile(pattern) {
  const names = [];
  const source = pattern.split("/").map((part) => {
    if (part.startsWith(":")) {
      names.push(part.slice(1));
      return "([^/]+)";
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("/");
  return { regex: new RegExp(`^${source}/?$`), names };
}

/** The route for the current hash: {route, path, params, query} or null. */
export function match(hash = window.location.hash) {
  const { path, query } = parseHash(hash);
  for (const route of routeTable) {
    const m = route.compiled.regex.exec(path);
    if (m) {
      const params = Object.fromEntries(route.compiled.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
      return { route, path, params, query };
    }
  }
  return { route: null, path, params: {}, query };
}

/** Go to path (with query). replace=true changes the current history entry instead of adding one. */
export function navigate(path, query = {}, { replace = false } = {}) {
  const hash = buildHash(path, query);
  if (hash === window.location.hash) {
    emit();
    return;
  }
  if (replace) {
    const url = `${window.location.pathname}${window.location.search}${hash}`;
    window.history.replaceState({ idx: lastIdx, prev: window.history.state?.prev ?? null }, "", url);
    emit();
  } else {
    window.location.hash = hash;
  }
}

/**
 * Go one level up to `parentHash`: with the browser's back when the previous entry is that level
 * (isParent(prevHash) decides; the page there restores its selection), else as a new entry.
 */
export function goUp(parentHash, isParent = (prev) => prev === parentHash) {
  const prev = window.history.state?.prev;
  if (canGoBack() && typeof prev === "string" && isParent(prev)) window.history.back();
  else if (parentHash === window.location.hash) emit();
  else window.location.hash = parentHash;
}

/** True when there is an earlier page of this app in the tab's history. */
export function canGoBack() {
  return (window.history.state?.idx ?? 0) > 0;
}

export function currentHash() {
  return window.location.hash || "#/";
}

function emit() {
  const state = window.history.state;
  if (!state || typeof state.idx !== "number") {
    // A new entry (link, typed URL or navigate()): number it after the one we came from.
    window.history.replaceState({ ...(state || {}), idx: lastIdx + 1, prev: lastHash || null }, "");
  }
  lastIdx = window.history.state.idx;
  lastHash = window.location.hash;
  if (listener) listener(match());
}

/** routes: [{path, load, public?, ...}]; onRoute(match) runs now and after every change. */
export function startRouter(routes, onRoute) {
  routeTable = routes.map((route) => ({ ...route, compiled: compile(route.path) }));
  listener = onRoute;
  lastIdx = (window.history.state?.idx ?? 0) - 1;
  window.addEventListener("hashchange", emit);
  emit();
}
