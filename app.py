"""Wiring only: the Chalice app, its authorizer, blueprints and the request middleware."""

from typing import Any

from chalice import Chalice, Rate

from chalicelib.api.agents import agent_routes
from chalicelib.api.audit import audit_routes
from chalicelib.api.auth import auth_routes
from chalicelib.api.authorizer import authorizer_blueprint
from chalicelib.api.customers import customer_routes
from chalicelib.api.errors import request_middleware
from chalicelib.api.invitations import invitation_routes
from chalicelib.api.orders import order_routes
from chalicelib.api.settings import settings_routes
from chalicelib.api.shops import shop_routes
from chalicelib.api.signup import signup_routes
from chalicelib.api.support import support_routes
from chalicelib.api.system import system_routes

app = Chalice(app_name="pixi-callcenter")
app.register_middleware(request_middleware, "http")
app.register_blueprint(authorizer_blueprint)
app.register_blueprint(system_routes)
app.register_blueprint(auth_routes)
app.register_blueprint(customer_routes)
app.register_blueprint(order_routes)
app.register_blueprint(shop_routes)
app.register_blueprint(signup_routes)
app.register_blueprint(invitation_routes)
app.register_blueprint(agent_routes)
app.register_blueprint(settings_routes)
app.register_blueprint(support_routes)
app.register_blueprint(audit_routes)


@app.schedule(Rate(1, unit=Rate.HOURS), name="expire-unverified-signups")
def expire_unverified_signups(event: Any) -> dict[str, int]:
    """Remove signups not verified within 48 hours and free their e-mail addresses."""
    from chalicelib.services.signup import expire_unverified_signups as expire

    return {"removed": len(expire())}
