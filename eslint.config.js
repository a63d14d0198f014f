// eslint for the page's JavaScript (plain ES modules in the browser, no build step) and the node
// scripts that test it. Types are TypeScript's job (jsconfig.json, checkJs): `npm run lint:web`.

import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["static_site/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      "no-restricted-globals": ["error",
        { name: "fetch", message: "Only api/http.js talks to the API: call a module of js/api/." }],
      "no-restricted-syntax": ["error", {
        selector: "CallExpression[callee.name='addMessages']",
        message: "Texts live in js/i18n/de.js and en.js only.",
      }],
    },
  },
  {
    files: ["static_site/js/api/http.js"],
    rules: { "no-restricted-globals": "off" },
  },
  {
    files: ["static_site/config.example.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["tests/unit/web/**/*.mjs"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
];
