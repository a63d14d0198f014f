// One dictionary per language (static_site/js/i18n/de.js, en.js): a key has exactly one text,
// both languages have the same keys, and no other module defines texts.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const JS = fileURLToPath(new URL("../../../static_site/js/", import.meta.url));
const DICTIONARIES = { de: join(JS, "i18n/de.js"), en: join(JS, "i18n/en.js") };

/** Every .js file under dir. */
function modules(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modules(path) : path.endsWith(".js") ? [path] : [];
  });
}

/** Entries that look like texts by key ("area.name": "Text") in a module's source, in order. */
export function textEntries(source) {
  const entries = [];
  for (const m of source.matchAll(/^\s*"([a-z][\w-]*(?:\.[\w-]+)+)"\s*:\s*("(?:[^"\\]|\\.)*")/gim)) {
    entries.push([m[1], JSON.parse(m[2])]);
  }
  return entries;
}

/** Keys defined by more than one module with different texts: [{key, texts: {module: text}}]. */
export function conflicts(byModule) {
  const seen = new Map();
  for (const [module, entries] of Object.entries(byModule)) {
    for (const [key, text] of entries) {
      if (!seen.has(key)) seen.set(key, {});
      seen.get(key)[module] = text;
    }
  }
  return [...seen].filter(([, texts]) => new Set(Object.values(texts)).size > 1)
    .map(([key, texts]) => ({ key, texts }));
}

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("the conflict check finds a key with two texts in two modules", () => {
  const found = conflicts({
    "recent.js": textEntries('  "action.pixi_connection.added": "pixi-Verbindung hinzugefügt",\n'),
    "settings.js": textEntries('  "action.pixi_connection.added": "pixi-Verbindung angelegt",\n'),
  });
  assert.deepEqual(found, [{
    key: "action.pixi_connection.added",
    texts: { "recent.js": "pixi-Verbindung hinzugefügt", "settings.js": "pixi-Verbindung angelegt" },
  }]);
  assert.deepEqual(conflicts({ a: [["x.y", "same"]], b: [["x.y", "same"]] }), []);
});

test("no two modules define the same key with different texts", () => {
  const byModule = Object.fromEntries(modules(JS).map((path) => [relative(JS, path), textEntries(readFileSync(path, "utf8"))]));
  // Per language: the German and the English dictionary are two languages, not two modules.
  const languages = { de: ["i18n/de.js"], en: ["i18n/en.js"] };
  for (const own of Object.values(languages)) {
    const others = Object.entries(byModule).filter(([module]) => !module.startsWith("i18n/") || own.includes(module));
    assert.deepEqual(conflicts(Object.fromEntries(others)), []);
  }
});

test("texts live only in the dictionaries", () => {
  const outside = modules(JS).map((path) => relative(JS, path))
    .filter((module) => !module.startsWith("i18n/"))
    .filter((module) => textEntries(readFileSync(join(JS, module), "utf8")).length > 0);
  assert.deepEqual(outside, []);
});

test("a dictionary defines each key once", () => {
  for (const path of Object.values(DICTIONARIES)) {
    const keys = textEntries(readFileSync(path, "utf8")).map(([key]) => key);
    const twice = keys.filter((key, i) => keys.indexOf(key) !== i);
    assert.deepEqual(twice, [], relative(JS, path));
  }
});

test("both languages have the same keys with the same placeholders", async () => {
  const de = (await import(DICTIONARIES.de)).texts;
  const en = (await import(DICTIONARIES.en)).texts;
  assert.deepEqual(Object.keys(en).filter((key) => !(key in de)), [], "only in English");
  assert.deepEqual(Object.keys(de).filter((key) => !(key in en)), [], "only in German");
  const differ = Object.keys(de).filter((key) => placeholders(de[key]).join() !== placeholders(en[key] ?? "").join());
  assert.deepEqual(differ, [], "different {placeholders}");
});

test("every key the code asks for by name has a text", async () => {
  const de = (await import(DICTIONARIES.de)).texts;
  const missing = [];
  for (const path of modules(JS)) {
    const source = readFileSync(path, "utf8");
    for (const m of source.matchAll(/\b(?:t|has)\("([^"]+)"/g)) {
      if (!(m[1] in de)) missing.push(`${relative(JS, path)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});
