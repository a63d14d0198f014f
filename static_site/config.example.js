// Copy to config.js (served as /config.js) to override deployment settings.
// Without it the page calls the API under /api on its own origin.
window.APP_CONFIG = { apiBase: "/api" };
