"""Wiring only: the Chalice app, its authorizer, blueprints and event handlers."""

from chalice import Chalice

app = Chalice(app_name="pixi-callcenter")


@app.route("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
