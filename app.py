"""Wiring only: the Chalice app, its authorizer, blueprints and the request middleware."""

from chalice import Chalice

from chalicelib.api.auth import auth_routes
from chalicelib.api.authorizer import authorizer_blueprint
from chalicelib.api.customers import customer_routes
from chalicelib.api.errors import request_middleware
from chalicelib.api.orders import order_routes
from chalicelib.api.shops import shop_routes
from chalicelib.api.system import system_routes

app = Chalice(app_name="pixi-callcenter")
app.register_middleware(request_middleware, "http")
app.register_blueprint(authorizer_blueprint)
app.register_blueprint(system_routes)
app.register_blueprint(auth_routes)
app.register_blueprint(customer_routes)
app.register_blueprint(order_routes)
app.register_blueprint(shop_routes)
