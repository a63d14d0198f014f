"""Product search for the order form (O2): typeahead over name, shop item number and EAN."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from chalicelib.api.models import Amount
from chalicelib.api.openapi import endpoint
from chalicelib.domain.cart import PriceBasis
from chalicelib.domain.customer import CustomerType
from chalicelib.domain.permissions import Principal
from chalicelib.domain.stock import StockLevel
from chalicelib.domain.tenant import ConnectionRef, Feature
from chalicelib.services import products


class ProductQuery(BaseModel):
    q: str = Field(max_length=products.MAX_QUERY_LENGTH,
                   description="Name, Shop-Artikelnummer oder EAN, ab 2 Zeichen; * = beliebige Zeichen")
    currency: str | None = Field(None, pattern=r"^[A-Za-z]{3}$",
                                 description="Währung der Preise; ohne: die Standardwährung")
    customer_type: CustomerType = Field(CustomerType.PRIVATE,
                                        description="private: Bruttopreise, business: Nettopreise")


class StockOut(BaseModel):
    available: int | None = Field(description="available stock; null when only the indicator is shown")
    level: StockLevel


class ProductOut(BaseModel):
    item_key: int
    item_number: str = Field(description="shop item number (ItemNrInt)")
    ean: str
    name: str
    variation_text: str
    master_item_key: int | None
    is_variation_master: bool
    default_variation_key: int | None
    variations: list[ProductOut] = Field(default_factory=list, description="variations under their master")
    price: Amount
    promo_price: Amount | None
    currency: str
    price_basis: PriceBasis
    vat_percent: Decimal
    stock: StockOut

    @classmethod
    def of(cls, hit: products.ProductHit) -> ProductOut:
        item = hit.item
        return cls(
            item_key=item.item_key, item_number=item.item_number, ean=item.ean, name=item.name,
            variation_text=item.variation_text, master_item_key=item.master_item_key,
            is_variation_master=item.is_variation_master, default_variation_key=item.default_variation_key,
            variations=[cls.of(v) for v in hit.variations],
            price=hit.price.amount, promo_price=hit.promo_price.amount if hit.promo_price else None,
            currency=hit.price.currency, price_basis=hit.price_basis, vat_percent=item.vat_percent,
            stock=StockOut(available=hit.stock.available, level=hit.stock.level),
        )


class ProductSearchOut(BaseModel):
    query: str
    items: list[ProductOut]


@endpoint("/products", summary="Artikelsuche für den Warenkorb (Typeahead)", tag="ordering",
          query=ProductQuery, response=ProductSearchOut, feature=Feature.ORDERING, pixi=True)
def search_products(principal: Principal, connection: ConnectionRef, query: ProductQuery) -> ProductSearchOut:
    searched, hits = products.search_products(
        connection, query.q, currency=query.currency, customer_type=query.customer_type
    )
    return ProductSearchOut(query=searched, items=[ProductOut.of(h) for h in hits])
