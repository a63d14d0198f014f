"""Deterministic German demo data for the simulator's pixi databases.

``build_database("pixiDEM", seed=42)`` builds the full demo database in memory (well under a
second); the same seed always gives the same data. The hand-made customers in
``DEMO_CUSTOMERS`` come first with fixed keys: other parts of the project (tests, the demo, the
local stack) rely on them. ``pixiTST`` is built from a different seed, is smaller and has no
hand-made customers (and nobody named Mustermann), so a tenant leak is visible.

Dates are anchored at ``DATA_END`` (not at "today") so that a seed always gives the same data.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from pixi_simulator.clock import sql_datetime
from pixi_simulator.records import (
    CENT,
    ZERO,
    Address,
    Customer,
    Invoice,
    InvoiceLine,
    Item,
    Order,
    OrderComment,
    Orderline,
    PixiDatabase,
)
from pixi_simulator.reference import CHANNELS, COUNTRIES, CURRENCIES, PAYMENT_TYPES, SHOPS

DATA_START = datetime(2021, 1, 4, 8, 0, 0)
DATA_END = datetime(2026, 11, 16, 18, 0, 0)
FIRST_ORDER_NR = 100001
FIRST_XML_LOG_KEY = 383300


@dataclass(frozen=True)
class DemoCustomer:
    """A hand-made customer of ``pixiDEM`` with the facts others may rely on."""

    cust_key: int
    number: str
    salutation: str
    first_name: str
    last_name: str
    email: str
    street: str
    house_nr: str
    zip: str
    city: str
    country: str  # pixi code
    phone: str
    shop_id: str
    company: str | None = None
    vat_id: str | None = None
    locked: bool = False
    comment: str | None = None
    order_count: int = 0
    shipping: tuple[str, str, str, str] | None = None
    """(street, house_nr, zip, city) of a separate shipping address, if any."""

    @property
    def business(self) -> bool:
        return self.company is not None


ERIKA = DemoCustomer(
    1,
    "K10001",
    "Frau",
    "Erika",
    "Mustermann",
    "erika.mustermann@example.com",
    "Hauptstraße",
    "5",
    "10115",
    "Berlin",
    "D",
    "030 1234567",
    "WEB",
    order_count=36,
    shipping=("Friedrichstraße", "120", "10117", "Berlin"),
)
JUERGEN = DemoCustomer(
    2,
    "K10002",
    "Herr",
    "Jürgen",
    "Müller",
    "j.mueller@mueller-haustechnik.example",
    "Industriestraße",
    "12",
    "50667",
    "Köln",
    "D",
    "0221 9876543",
    "FHD",
    company="Müller Haustechnik GmbH",
    vat_id="DE123456789",
    order_count=8,
)
SABINE = DemoCustomer(
    3,
    "K10003",
    "Frau",
    "Sabine",
    "Weiß",
    "sabine.weiss@example.org",
    "Leopoldstraße",
    "44",
    "80802",
    "München",
    "D",
    "089 3344556",
    "WEB",
    locked=True,
    comment="Zahlungsausfall – nur Vorkasse",
    order_count=4,
)
THOMAS = DemoCustomer(
    4,
    "K10004",
    "Herr",
    "Thomas",
    "Schäfer",
    "thomas.schaefer@example.net",
    "Lindenweg",
    "12",
    "80331",
    "München",
    "D",
    "089 7654321",
    "WEB",
    order_count=3,
)
TOMAS = DemoCustomer(
    5,
    "K10005",
    "Herr",
    "Tomas",
    "Schaefer",
    "tomas.schaefer@mail.example",
    "Lindenweg",
    "12a",
    "80331",
    "München",
    "D",
    "089 7654312",
    "WEB",
    order_count=2,
)
MAX = DemoCustomer(
    6,
    "K10006",
    "Herr",
    "Max",
    "Meier",
    "max.meier@example.com",
    "Gartenstraße",
    "7",
    "70173",
    "Stuttgart",
    "D",
    "0711 2223334",
    "WEB",
    order_count=0,
)
DEMO_CUSTOMERS: tuple[DemoCustomer, ...] = (ERIKA, JUERGEN, SABINE, THOMAS, TOMAS, MAX)
"""The fixed customers of pixiDEM, CustKey 1..6, in this order."""


@dataclass(frozen=True)
class DatabaseSize:
    customers: int
    orders: int
    items: int


SIZES = {
    "pixiDEM": DatabaseSize(customers=330, orders=1150, items=520),
    "pixiTST": DatabaseSize(customers=40, orders=100, items=60),
}
SEED_OFFSETS = {"pixiDEM": 0, "pixiTST": 7919}
"""pixiTST uses seed + 7919, so the two databases never share generated data."""
NUMBER_PREFIX = {"pixiDEM": "K", "pixiTST": "T"}
FIRST_NUMBER = {"pixiDEM": 10001, "pixiTST": 20001}

# --- word lists -------------------------------------------------------------------------------

FEMALE = (
    "Anna",
    "Birgit",
    "Claudia",
    "Doris",
    "Elke",
    "Franziska",
    "Gabriele",
    "Hannah",
    "Ines",
    "Jana",
    "Katrin",
    "Lena",
    "Monika",
    "Nicole",
    "Petra",
    "Renate",
    "Sabine",
    "Tanja",
    "Ursula",
    "Vanessa",
    "Jördis",
    "Björg",
    "Bärbel",
    "Käthe",
    "Lisa",
    "Marie",
    "Sophie",
    "Julia",
    "Heike",
    "Annegret",
)
MALE = (
    "Andreas",
    "Bernd",
    "Christian",
    "Dieter",
    "Frank",
    "Günter",
    "Heinz",
    "Jörg",
    "Jürgen",
    "Klaus",
    "Lars",
    "Michael",
    "Norbert",
    "Olaf",
    "Peter",
    "Ralf",
    "Stefan",
    "Thomas",
    "Uwe",
    "Volker",
    "Björn",
    "Sören",
    "Jens",
    "Matthias",
    "Tobias",
    "Lukas",
    "Felix",
    "Jan",
    "Markus",
    "Torsten",
)
LAST_NAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Schmitz",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Schubert",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krämer",
    "Vogt",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brandt",
    "Haas",
    "Schreiber",
    "Graf",
    "Schulte",
    "Dietrich",
    "Ziegler",
    "Kühn",
    "Pohl",
    "Engel",
    "Horn",
    "Busch",
    "Bergmann",
    "Voigt",
    "Sauer",
    "Arnold",
    "Wolff",
    "Pfeiffer",
    "Düring",
    "Oßwald",
    "Gößling",
    "Rüdiger",
)
STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Gartenstraße",
    "Dorfstraße",
    "Schulstraße",
    "Lindenweg",
    "Birkenweg",
    "Am Mühlbach",
    "Kirchplatz",
    "Goethestraße",
    "Schillerstraße",
    "Mozartstraße",
    "Friedrichstraße",
    "Bergstraße",
    "Waldstraße",
    "Rosenweg",
    "Ringstraße",
    "Wiesenweg",
    "Jahnstraße",
    "Feldstraße",
    "Lessingstraße",
    "Marktplatz",
    "Uhlandstraße",
    "Rathausstraße",
    "Talstraße",
    "Mühlenweg",
    "Südring",
    "Parkstraße",
    "Sonnenallee",
    "Am Großen Garten",
    "Fährstraße",
    "Brückenstraße",
    "Königsallee",
    "Eichendorffweg",
    "Schloßstraße",
    "Grüner Weg",
    "Tannenstraße",
    "Uferstraße",
    "Wörthstraße",
)
BUSINESS_STREETS = (
    "Industriestraße",
    "Gewerbepark",
    "Gewerbering",
    "Am Hafen",
    "Werkstraße",
    "Handwerkerhof",
)
# (city, zip, area code) per pixi country code
CITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "D": (
        ("Berlin", "10115", "030"),
        ("Berlin", "10243", "030"),
        ("Berlin", "12043", "030"),
        ("Hamburg", "20095", "040"),
        ("Hamburg", "22767", "040"),
        ("München", "80331", "089"),
        ("München", "81667", "089"),
        ("Köln", "50667", "0221"),
        ("Köln", "50937", "0221"),
        ("Frankfurt am Main", "60311", "069"),
        ("Stuttgart", "70173", "0711"),
        ("Düsseldorf", "40210", "0211"),
        ("Dortmund", "44135", "0231"),
        ("Essen", "45127", "0201"),
        ("Leipzig", "04109", "0341"),
        ("Bremen", "28195", "0421"),
        ("Dresden", "01067", "0351"),
        ("Hannover", "30159", "0511"),
        ("Nürnberg", "90402", "0911"),
        ("Bochum", "44787", "0234"),
        ("Bielefeld", "33602", "0521"),
        ("Bonn", "53111", "0228"),
        ("Münster", "48143", "0251"),
        ("Mannheim", "68159", "0621"),
        ("Karlsruhe", "76133", "0721"),
        ("Augsburg", "86150", "0821"),
        ("Wiesbaden", "65183", "0611"),
        ("Braunschweig", "38100", "0531"),
        ("Kiel", "24103", "0431"),
        ("Aachen", "52062", "0241"),
        ("Magdeburg", "39104", "0391"),
        ("Freiburg im Breisgau", "79098", "0761"),
        ("Lübeck", "23552", "0451"),
        ("Erfurt", "99084", "0361"),
        ("Mainz", "55116", "06131"),
        ("Rostock", "18055", "0381"),
        ("Kassel", "34117", "0561"),
        ("Göttingen", "37073", "0551"),
        ("Würzburg", "97070", "0931"),
        ("Regensburg", "93047", "0941"),
        ("Lüneburg", "21335", "04131"),
        ("Osnabrück", "49074", "0541"),
        ("Saarbrücken", "66111", "0681"),
        ("Potsdam", "14467", "0331"),
        ("Tübingen", "72070", "07071"),
        ("Fürth", "90762", "0911"),
        ("Görlitz", "02826", "03581"),
        ("Weißenfels", "06667", "03443"),
    ),
    "A": (
        ("Wien", "1010", "+43 1"),
        ("Graz", "8010", "+43 316"),
        ("Linz", "4020", "+43 732"),
        ("Salzburg", "5020", "+43 662"),
        ("Innsbruck", "6020", "+43 512"),
    ),
    "CH": (
        ("Zürich", "8001", "+41 44"),
        ("Bern", "3011", "+41 31"),
        ("Basel", "4051", "+41 61"),
        ("Luzern", "6003", "+41 41"),
        ("St. Gallen", "9000", "+41 71"),
    ),
}
COMPANY_TRADES = (
    "Elektro",
    "Sanitär",
    "Bäckerei",
    "Metallbau",
    "Gartenbau",
    "Druckerei",
    "Autohaus",
    "Schreinerei",
    "Getränkehandel",
    "Bürobedarf",
    "Malerbetrieb",
    "Dachdeckerei",
)
COMPANY_FORMS = ("GmbH", "GmbH & Co. KG", "AG", "e.K.", "OHG", "KG")
MAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "post.example")
LOCK_REASONS = (
    "Zahlungsausfall – nur Vorkasse",
    "Inkasso läuft – keine Lieferung",
    "Mehrfache Rücksendungen – Rücksprache mit Buchhaltung",
    "Adresse unzustellbar",
)
NAME_TWINS = {
    "Thomas": "Tomas",
    "Stefan": "Stephan",
    "Christian": "Christan",
    "Matthias": "Mathias",
    "Claudia": "Klaudia",
    "Jana": "Janna",
    "Heike": "Haike",
    "Markus": "Marcus",
}
COMMENTS = (
    "Kunde hat angerufen: bitte erst ab 16 Uhr liefern.",
    "Rückfrage zur Lieferzeit beantwortet.",
    "Kundin wünscht Rückruf wegen Rechnung.",
    "Adresse telefonisch bestätigt.",
    "Paket beim Nachbarn abgegeben, Kunde informiert.",
    "Teillieferung mit Kunde abgestimmt.",
)
SHOP_NOTES = (
    "Bitte beim Nachbarn abgeben.",
    "Lieferung bitte nicht vor 10 Uhr.",
    "Geschenkverpackung gewünscht.",
    "Bitte Rechnung separat per Post.",
    "Abstellgenehmigung: Garage",
)

# --- items ------------------------------------------------------------------------------------

# category number, category name, VAT level, price range, base names
CATEGORIES: tuple[tuple[int, str, str, tuple[int, int], tuple[str, ...]], ...] = (
    (
        10,
        "Bekleidung",
        "H",
        (9, 120),
        (
            "Softshelljacke",
            "Wollsocken",
            "Strickmütze",
            "Regenjacke",
            "Poloshirt",
            "Kapuzenpullover",
            "Thermohose",
            "Schal Merino",
            "Handschuhe Leder",
        ),
    ),
    (
        20,
        "Haushalt",
        "H",
        (5, 150),
        (
            "Wasserkocher Edelstahl 1,7 l",
            "Brotkasten Bambus",
            "Schneidebrett Eiche",
            "Topfset Induktion",
            "Küchenwaage digital",
            "Thermoskanne 1 l",
            "Geschirrtuch Halbleinen",
            "Gewürzregal",
            "Pfanne gusseisern",
        ),
    ),
    (
        30,
        "Garten",
        "H",
        (4, 250),
        (
            "Gießkanne verzinkt 10 l",
            "Rosenschere",
            "Pflanzkübel Terrakotta",
            "Gartenschlauch 25 m",
            "Vogelhaus Lärche",
            "Kompostbehälter",
            "Rasensamen Schattenrasen",
            "Hochbeet Lärche",
            "Laubrechen",
        ),
    ),
    (
        40,
        "Werkzeug",
        "H",
        (6, 300),
        (
            "Akku-Bohrschrauber 18 V",
            "Schraubendreher-Satz 12-tlg.",
            "Wasserwaage 60 cm",
            "Zollstock Holz 2 m",
            "Hammer Schlosser 500 g",
            "Bitsatz 32-tlg.",
            "Stichsäge",
            "Schraubzwinge",
            "Werkzeugkoffer leer",
        ),
    ),
    (
        50,
        "Büro",
        "H",
        (1, 90),
        (
            "Kugelschreiber blau 10 Stück",
            "Ordner A4 breit",
            "Collegeblock kariert",
            "Tacker",
            "Locher",
            "Schreibtischlampe LED",
            "Briefumschläge C4 50 Stück",
            "Haftnotizen gelb",
            "Textmarker-Set",
        ),
    ),
    (
        60,
        "Lebensmittel",
        "L",
        (2, 40),
        (
            "Bio-Kaffee ganze Bohne 1 kg",
            "Heidehonig 500 g",
            "Früchtemüsli 750 g",
            "Apfelsaft naturtrüb 6×1 l",
            "Dinkelnudeln 500 g",
            "Rapsöl kaltgepresst",
            "Schwarzwälder Kirschmarmelade",
            "Pfefferminztee lose 100 g",
            "Haselnusskrokant",
        ),
    ),
    (
        70,
        "Bücher",
        "L",
        (8, 45),
        (
            "Kochbuch Schwäbische Küche",
            "Reiseführer Ostsee",
            "Gartenjahr-Kalender",
            "Bildband Alpen",
            "Kinderbuch Räuber Hotzenplotz",
            "Atlas Deutschland",
            "Rätselbuch",
            "Wanderführer Schwarzwald",
            "Grundkurs Buchführung",
        ),
    ),
    (
        80,
        "Haustechnik",
        "H",
        (3, 400),
        (
            "Thermostatkopf",
            "Kugelhahn 1/2 Zoll",
            "Heizkörperventil",
            "Duschkopf Eco",
            "Eckventil",
            "Siphon Messing",
            "Ausdehnungsgefäß 18 l",
            "Umwälzpumpe",
            "Spültischarmatur",
        ),
    ),
)
ITEM_VARIANTS = (
    "",
    "Classic",
    "Premium",
    "Öko",
    "Kompakt",
    "XL",
    "Profi",
    "Grün",
    "Anthrazit",
    "Weiß",
    "Natur",
    "Set",
    "Größe 2",
    "Edition Süd",
    "Eco-Line",
)
VARIATION_MASTERS: tuple[tuple[int, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (10, "Funktionsshirt Öko", ("S", "M", "L", "XL"), ("Schwarz", "Marine")),
    (10, "Fleecejacke Herren", ("M", "L", "XL", "XXL"), ("Grau",)),
    (10, "Arbeitshose Cordura", ("46", "50", "54"), ("Khaki", "Schwarz")),
    (20, "Bettwäsche Renforcé", ("135×200", "155×220"), ("Weiß", "Salbeigrün")),
    (30, "Gartenhandschuh Nitril", ("7", "8", "9", "10"), ("Grün",)),
)
SUPPLIERS = ("L001", "L002", "L003", "L004", "L005", "L006", "L007", "L008", "L009", "L010", "L011", "L012")
TAGS = ("Neu", "Bestseller", "Öko", "Restposten", "Saison", "Made in Germany")

VENDORS = ("DHL", "DHL", "DHL", "DPD", "DPD", "UPS", "HER", "HER")


def ean13_check_digit(first12: str) -> int:
    """The EAN-13 check digit: weights 1 and 3 from the left, to the next multiple of ten."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == int(code[12])


def ascii_fold(text: str) -> str:
    """German transliteration used for e-mail addresses (Schäfer -> schaefer)."""
    for src, dst in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        text = text.replace(src, dst)
    return re.sub(r"[^A-Za-z0-9.\-]", "", text)


class _Builder:
    """Builds one database; every random choice comes from ``self.rng`` in a fixed order."""

    def __init__(self, name: str, seed: int) -> None:
        self.name = name
        self.rng = random.Random(seed + SEED_OFFSETS.get(name, 0))
        self.size = SIZES.get(name, SIZES["pixiTST"])
        self.db = PixiDatabase(
            name=name,
            invoice_prefix=name[-3:].upper(),
            shops={s.shop_id: s for s in SHOPS},
            payment_types={p.code: p for p in PAYMENT_TYPES},
            currencies={c.code: c for c in CURRENCIES},
            countries={c.code: c for c in COUNTRIES},
            channels={c.channel_ref: c for c in CHANNELS.get(name, CHANNELS["pixiTST"])},
        )
        self.db.next_keys = {
            "cust": 1,
            "addr": 1,
            "item": 1,
            "line": 1,
            "invoice": 1,
            "invoice_nr": 1,
            "invoice_line": 1,
            "comment": 1,
            "xml_log": FIRST_XML_LOG_KEY,
        }
        self.emails: set[str] = set()
        self.numbers = iter(range(FIRST_NUMBER.get(name, 30001), 10**7))
        self.prefix = NUMBER_PREFIX.get(name, "X")
        self.orderable: list[Item] = []

    # --- helpers ---
    def when(self, start: datetime, end: datetime) -> datetime:
        seconds = int((end - start).total_seconds())
        moment = start + timedelta(
            seconds=self.rng.randrange(max(seconds, 1)), microseconds=self.rng.randrange(1_000_000)
        )
        # shops sell during the day
        if moment.hour < 7:
            moment = moment.replace(hour=7 + moment.hour)
        return sql_datetime(moment)

    def unique_email(self, first: str, last: str, domain: str | None = None) -> str:
        local = f"{ascii_fold(first)}.{ascii_fold(last)}".lower()
        domain = domain or self.rng.choice(MAIL_DOMAINS)
        email = f"{local}@{domain}"
        n = 2
        while email in self.emails:
            email = f"{local}{n}@{domain}"
            n += 1
        self.emails.add(email)
        return email

    def phone(self, area: str) -> str:
        return f"{area} {self.rng.randrange(1000000, 9999999)}"

    # --- customers ---
    def add_customer(
        self,
        *,
        number: str,
        salutation: str,
        first: str,
        last: str,
        company: str | None,
        vat_id: str | None,
        email: str,
        phone: str,
        shop_id: str,
        locked: bool,
        comment: str | None,
        payment_code: str,
        billing: tuple[str, str, str, str, str],
        shipping: list[tuple[str, str, str, str, str]],
        created: datetime,
    ) -> Customer:
        db = self.db
        cust_key = db.next_key("cust")
        country = billing[4]
        customer = Customer(
            cust_key=cust_key,
            number=number,
            shop_id=shop_id,
            salutation=salutation,
            first_name=first,
            last_name=last,
            company=company,
            vat_id=vat_id,
            email=email,
            phone=phone,
            locked=locked,
            comment=comment,
            payment_code=payment_code,
            currency="CHF" if country == "CH" else "EUR",
            create_date=created,
            update_date=created,
        )
        for addr_type, (street, house_nr, zip_code, city, cntry) in [("B", billing)] + [
            ("S", s) for s in shipping
        ]:
            address = Address(
                addr_key=db.next_key("addr"),
                addr_type=addr_type,
                cust_key=cust_key,
                salutation=salutation,
                first_name=first,
                last_name=last,
                company=company,
                street=street,
                house_nr=house_nr,
                zip=zip_code,
                city=city,
                country=cntry,
                phone=phone,
                email=email,
                create_date=created,
                vat_id=vat_id,
            )
            customer.addresses.append(address)
        customer.billing_addr_key = customer.addresses[0].addr_key
        customer.shipping_addr_key = customer.addresses[1 if len(customer.addresses) > 1 else 0].addr_key
        db.add_customer(customer)
        return customer

    def demo_customers(self) -> None:
        for demo in DEMO_CUSTOMERS:
            billing = (demo.street, demo.house_nr, demo.zip, demo.city, demo.country)
            shipping = [(*demo.shipping, demo.country)] if demo.shipping else []
            self.emails.add(demo.email)
            self.add_customer(
                number=demo.number,
                salutation=demo.salutation,
                first=demo.first_name,
                last=demo.last_name,
                company=demo.company,
                vat_id=demo.vat_id,
                email=demo.email,
                phone=demo.phone,
                shop_id=demo.shop_id,
                locked=demo.locked,
                comment=demo.comment,
                payment_code="V" if demo.locked else "R",
                billing=billing,
                shipping=shipping,
                created=datetime(2020, 11, 2, 9, 15, 0) + timedelta(days=demo.cust_key * 3),
            )
        for _ in DEMO_CUSTOMERS:  # K10001..K10006 are taken by the hand-made customers
            next(self.numbers)

    def random_customer(self) -> Customer:
        rng = self.rng
        female = rng.random() < 0.5
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(LAST_NAMES)
        country = rng.choices(("D", "A", "CH"), weights=(88, 6, 6))[0]
        business = rng.random() < 0.2
        company = vat_id = None
        if business:
            company = f"{rng.choice(COMPANY_TRADES)} {last} {rng.choice(COMPANY_FORMS)}"
            vat_id = {
                "D": f"DE{rng.randrange(100000000, 999999999)}",
                "A": f"ATU{rng.randrange(10000000, 99999999)}",
                "CH": "CHE-{}.{}.{} MWST".format(*(rng.randrange(100, 999) for _ in range(3))),
            }[country]
        city, zip_code, area = rng.choice(CITIES[country])
        street = rng.choice(BUSINESS_STREETS if business else STREETS)
        billing = (
            street,
            str(rng.randrange(1, 140)) + ("" if rng.random() < 0.85 else "b"),
            zip_code,
            city,
            country,
        )
        shipping: list[tuple[str, str, str, str, str]] = []
        n_addresses = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        for _ in range(n_addresses - 1):
            s_city, s_zip, _area = rng.choice(CITIES[country])
            shipping.append((rng.choice(STREETS), str(rng.randrange(1, 90)), s_zip, s_city, country))
        email = self.unique_email(
            first,
            last,
            f"{ascii_fold(last).lower()}-{rng.choice(COMPANY_TRADES).lower()}.example"
            if business and rng.random() < 0.5
            else None,
        )
        number = f"{self.prefix}{next(self.numbers)}"
        if rng.random() < 0.08:
            number = email  # as many pixi merchants do
        shop_id = rng.choices(("WEB", "FHD", "MKT"), weights=(25, 70, 5) if business else (60, 15, 25))[0]
        locked = rng.random() < 0.04
        return self.add_customer(
            number=number,
            salutation="Frau" if female else "Herr",
            first=first,
            last=last,
            company=company,
            vat_id=vat_id,
            email=email,
            phone=self.phone(area),
            shop_id=shop_id,
            locked=locked,
            comment=rng.choice(LOCK_REASONS) if locked else None,
            payment_code="V" if locked else ("R" if business else rng.choice("RBKV")),
            billing=billing,
            shipping=shipping,
            created=self.when(DATA_START - timedelta(days=60), DATA_END),
        )

    def near_duplicate(self, original: Customer) -> Customer:
        """A second customer record of (probably) the same person, spelled differently."""
        rng = self.rng
        first = NAME_TWINS.get(original.first_name or "", original.first_name or "")
        last = original.last_name or ""
        folded = ascii_fold(last)
        if folded != last:
            last = folded
        elif first == original.first_name:
            last = {"Meier": "Meyer", "Maier": "Mayer", "Schmidt": "Schmitt"}.get(last, last + "e")
        billing = original.billing
        house_nr = (billing.house_nr or "1").rstrip("ab") + rng.choice(("a", "", "b"))
        return self.add_customer(
            number=f"{self.prefix}{next(self.numbers)}",
            salutation=original.salutation or "Herr",
            first=first,
            last=last,
            company=None,
            vat_id=None,
            email=self.unique_email(first, last),
            phone=self.phone("0800"),
            shop_id=original.shop_id,
            locked=False,
            comment=None,
            payment_code="R",
            billing=(billing.street, house_nr, billing.zip, billing.city, billing.country),
            shipping=[],
            created=self.when(original.create_date, DATA_END),
        )

    # --- items ---
    def items(self) -> None:
        rng = self.rng
        eans: set[str] = set()
        counters: dict[int, int] = {}

        def new_item(cat: int, cat_name: str, vat: str, name: str, price: Decimal, **extra: object) -> Item:
            counters[cat] = counters.get(cat, 1000) + 1
            while True:
                first12 = "42" + str(rng.randrange(10**9, 10**10))
                ean = first12 + str(ean13_check_digit(first12))
                if ean not in eans:
                    eans.add(ean)
                    break
            physical = rng.choice((0, 0, 3, 8, 12, 25, 40, 60, 120, 250))
            reserved = rng.choice((0, 0, 0, 1, 2, 5, 10))
            if rng.random() < 0.05:
                reserved = physical + rng.randrange(1, 6)  # oversold: negative available stock
            net = price / (Decimal("1.19") if vat == "H" else Decimal("1.07"))
            item = Item(
                item_key=self.db.next_key("item"),
                item_nr_int=f"{cat}-{counters[cat]}",
                name=name,
                ean=ean,
                suppl_nr=rng.choice(SUPPLIERS),
                item_nr_suppl=f"{rng.choice('ABCDEFGHKLMNPRSTW')}{rng.randrange(10000, 99999)}",
                suppl_price=(net * Decimal(rng.choice(("0.45", "0.5", "0.55", "0.6")))).quantize(CENT),
                price_gross=price,
                vat_level=vat,
                physical_stock=physical,
                available_stock=physical - reserved,
                min_stock_qty=rng.choice((0, 0, 2, 5, 10)),
                category=cat_name,
                enabled=rng.random() > 0.05,
                tags="|".join(sorted(rng.sample(TAGS, rng.randrange(0, 3)))),
                description=f"{name} – sorgfältig ausgewählte Qualität, geprüft vom Fachhandel.",
                create_date=self.when(DATA_START - timedelta(days=400), DATA_START + timedelta(days=900)),
                l30=rng.randrange(0, 60),
            )
            for key, value in extra.items():
                setattr(item, key, value)
            self.db.items[item.item_key] = item
            return item

        def price_in(low: int, high: int) -> Decimal:
            euros = rng.randrange(low, high)
            return Decimal(f"{euros}.{rng.choice(('99', '95', '49', '90', '00'))}")

        target = self.size.items
        masters = VARIATION_MASTERS if target >= 200 else VARIATION_MASTERS[:1]
        for cat, name, sizes, colours in masters:
            cat_name, vat, (low, high) = next((c[1], c[2], c[3]) for c in CATEGORIES if c[0] == cat)
            price = price_in(low + 10, high)
            master = new_item(
                cat, cat_name, vat, name, price, is_variation_master=True, physical_stock=0, available_stock=0
            )
            variations = []
            for colour in colours:
                for size in sizes:
                    text = f"Größe {size}, Farbe {colour}"
                    variation = new_item(
                        cat,
                        cat_name,
                        vat,
                        f"{name} {colour} {size}",
                        price,
                        master_item_key=master.item_key,
                        variation_text=text,
                    )
                    variations.append(variation)
            master.default_variation_key = variations[0].item_key
        names_seen: set[str] = set()
        while len(self.db.items) < target:
            cat, cat_name, vat, (low, high), bases = rng.choice(CATEGORIES)
            name = f"{rng.choice(bases)} {rng.choice(ITEM_VARIANTS)}".strip()
            if name in names_seen:
                continue
            names_seen.add(name)
            new_item(cat, cat_name, vat, name, price_in(low, high))
        self.orderable = [i for i in self.db.items.values() if not i.is_variation_master and i.enabled]

    # --- orders ---
    def orders(self) -> None:
        rng = self.rng
        db = self.db
        plan: list[tuple[datetime, int, int]] = []  # (order date, tiebreak, cust_key)
        demo_counts = {d.cust_key: d.order_count for d in DEMO_CUSTOMERS} if self.name == "pixiDEM" else {}
        for cust_key in db.customers:
            if cust_key in demo_counts:
                count = demo_counts[cust_key]
                for i in range(count):
                    # spread over the years, the newest one a few days ago
                    span = (DATA_END - DATA_START) / max(count, 1)
                    start = DATA_START + span * i
                    plan.append(
                        (
                            self.when(start, start + span * 0.8)
                            if i < count - 1
                            else self.when(DATA_END - timedelta(days=4), DATA_END - timedelta(days=1)),
                            rng.randrange(10**9),
                            cust_key,
                        )
                    )
        others = [k for k in db.customers if k not in demo_counts]
        remaining = self.size.orders - len(plan)
        weights = [rng.choice((1, 1, 2, 3, 4, 6, 9)) for _ in others]
        total_weight = sum(weights)
        for cust_key, weight in zip(others, weights, strict=True):
            customer = db.customers[cust_key]
            for _ in range(round(remaining * weight / total_weight)):
                plan.append(
                    (
                        self.when(max(customer.create_date, DATA_START), DATA_END),
                        rng.randrange(10**9),
                        cust_key,
                    )
                )
        plan.sort()
        serial: dict[tuple[str, int], int] = {}
        for order_nr, (order_date, _tie, cust_key) in enumerate(plan, start=FIRST_ORDER_NR):
            customer = db.customers[cust_key]
            key = (customer.shop_id, order_date.year)
            serial[key] = serial.get(key, 0) + 1
            external = f"{customer.shop_id}-{order_date.year}-{serial[key]:06d}"
            db.add_order(self.order(order_nr, external, customer, order_date))
        if self.name == "pixiDEM":
            self.shape_erika()

    def order(self, order_nr: int, external: str, customer: Customer, order_date: datetime) -> Order:
        rng = self.rng
        db = self.db
        age = (DATA_END - order_date).days
        country = customer.billing.country
        payment = customer.payment_code if customer.locked or customer.business else rng.choice("RRRBBKKVN")
        if country == "CH":
            payment = rng.choice("VK")
        hold = age < 20 and rng.random() < 0.15
        shipping_key = customer.shipping_addr_key if rng.random() < 0.7 else customer.billing_addr_key
        order = Order(
            order_nr=order_nr,
            order_nr_external=external,
            cust_key=customer.cust_key,
            shop_id=customer.shop_id,
            order_date=order_date,
            ship_date=sql_datetime(
                order_date.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
            ),
            status="OPEN",
            order_type=customer.customer_type,
            payment_code=payment,
            currency=customer.currency,
            billing_addr_key=customer.billing_addr_key,
            shipping_addr_key=shipping_key,
            ship_vendor=rng.choice(VENDORS if country == "D" else ("DHL", "UPS")),
            ship_cost=ZERO,
            discount=ZERO,
            shop_note=rng.choice(SHOP_NOTES) if rng.random() < 0.1 else None,
            channel_ref=None,
            ship_locked=hold,
            create_date=order_date,
            update_date=order_date,
        )
        for n in range(rng.choices((1, 2, 3, 4, 5), weights=(35, 30, 20, 10, 5))[0]):
            item = rng.choice(self.orderable)
            qty = rng.choice((1, 1, 1, 2, 3)) * (rng.choice((1, 2, 5)) if customer.business else 1)
            discount_perc = Decimal(rng.choice((0, 0, 0, 0, 5, 10)))
            discount_value = (item.price_gross * discount_perc / 100).quantize(CENT)
            order.lines.append(
                Orderline(
                    orderline_key=db.next_key("line"),
                    order_nr=order_nr,
                    line_item_id_shop=str(n + 1),
                    status=self.line_status(age, payment, hold),
                    item_key=item.item_key,
                    item_nr_int=item.item_nr_int,
                    ean=item.ean,
                    name=item.name,
                    qty=qty,
                    price=item.price_gross - discount_value,
                    full_price=item.price_gross,
                    discount_value=discount_value,
                    discount_perc=discount_perc,
                    vat_percent=item.vat_percent,
                    create_date=order_date,
                    update_date=order_date,
                )
            )
        free_shipping = country == "D" and order.lines_total >= Decimal("100")
        order.ship_cost = ZERO if free_shipping else db.countries[country].def_ship_costs
        self.finish(order, age)
        if rng.random() < 0.1:
            order.comments.append(
                OrderComment(
                    db.next_key("comment"),
                    order_nr,
                    rng.choice(COMMENTS),
                    order_date + timedelta(days=rng.randrange(0, 5), hours=2),
                    "callcenter",
                )
            )
        return order

    def line_status(self, age: int, payment: str, hold: bool) -> str:
        rng = self.rng
        if hold:
            return "HAL"
        if age > 30:
            return rng.choices(("AUS", "RET", "STO", "NLB", "MIN"), weights=(86, 5, 5, 2, 2))[0]
        if age > 7:
            return rng.choices(("AUS", "EIN", "ANG", "STO"), weights=(75, 10, 10, 5))[0]
        if payment == "V":
            return rng.choice(("HAL", "HAL", "ANG"))
        return rng.choice(("ANG", "ANG", "EIN", "AUS"))

    def finish(self, order: Order, age: int) -> None:
        """Set order status and invoice the shipped lines (some orders in two shipments)."""
        rng = self.rng
        shipped = [ln for ln in order.lines if ln.status in ("AUS", "RET", "MIN")]
        if shipped:
            if len(shipped) >= 2 and rng.random() < 0.12:
                cut = rng.randrange(1, len(shipped))
                groups = [shipped[:cut], shipped[cut:]]
            else:
                groups = [shipped]
            for i, group in enumerate(groups):
                inv_date = self.when(
                    order.order_date + timedelta(days=1 + 4 * i), order.order_date + timedelta(days=3 + 4 * i)
                )
                self.invoice(
                    order, group, inv_date, self.paid_mode(order.payment_code, age), with_shipping=i == 0
                )
        self.settle_status(order)

    def settle_status(self, order: Order) -> None:
        order.settle_status()
        last_update = max([order.order_date] + [inv.inv_date for inv in order.invoices])
        order.update_date = last_update

    def paid_mode(self, payment: str, age: int) -> str:
        rng = self.rng
        if payment in ("V", "K", "B", "N"):
            return "paid" if rng.random() < 0.97 else "unpaid"
        weights = (88, 5, 4, 3) if age > 60 else (45, 10, 35, 10)
        return rng.choices(("paid", "partly", "unpaid", "unpaid_dated"), weights=weights)[0]

    def invoice(
        self, order: Order, lines: list[Orderline], inv_date: datetime, paid_mode: str, with_shipping: bool
    ) -> Invoice:
        db = self.db
        ship_cost = order.ship_cost if with_shipping else ZERO
        goods = sum((ln.total for ln in lines), ZERO)
        total = goods + ship_cost
        vat_high = sum((ln.total for ln in lines if ln.vat_percent == 19), ZERO) + ship_cost
        vat_low = sum((ln.total for ln in lines if ln.vat_percent == 7), ZERO)
        rate = db.currencies[order.currency].rate
        if paid_mode == "paid":
            paid_amount, paid_date = total, inv_date + timedelta(days=self.rng.randrange(0, 12))
        elif paid_mode == "partly":
            paid_amount = (total * Decimal(self.rng.choice(("0.3", "0.5", "0.6")))).quantize(CENT)
            paid_date = inv_date + timedelta(days=self.rng.randrange(3, 20))
        elif paid_mode == "unpaid_dated":
            paid_amount, paid_date = ZERO, inv_date + timedelta(days=14)
        else:
            paid_amount, paid_date = ZERO, None
        invoice_key = db.next_key("invoice")
        invoice = Invoice(
            invoice_key=invoice_key,
            invoice_nr=f"{db.invoice_prefix}{db.next_key('invoice_nr'):07d}",
            order_nr=order.order_nr,
            cust_key=order.cust_key,
            shop_id=order.shop_id,
            inv_date=inv_date,
            due_date=inv_date + timedelta(days=14 if order.payment_code == "R" else 0),
            total=total,
            total_order_currency=(total * rate).quantize(CENT),
            currency=order.currency,
            paid_amount=paid_amount,
            paid_date=sql_datetime(paid_date) if paid_date else None,
            payment_code=order.payment_code,
            ship_cost=ship_cost,
            vat_high=(vat_high * 19 / 119).quantize(CENT),
            vat_low=(vat_low * 7 / 107).quantize(CENT),
            box_nr=invoice_key + 500000,
            scan_out_date=inv_date,
            tracking_id=f"00340434{self.rng.randrange(10**11, 10**12)}",
        )
        for ln in lines:
            invoice.lines.append(
                InvoiceLine(
                    invoice_line_key=db.next_key("invoice_line"),
                    orderline_key=ln.orderline_key,
                    item_nr=ln.item_nr_int,
                    item_qty=ln.qty,
                    order_qty=ln.qty,
                    text=ln.name,
                    price=ln.price,
                    vat_level="H" if ln.vat_percent == 19 else "L",
                    item_key=ln.item_key,
                    full_price=ln.full_price,
                    discount_value=ln.discount_value,
                    discount_perc=ln.discount_perc,
                )
            )
            ln.update_date = inv_date
        order.invoices.append(invoice)
        db.invoices[invoice.invoice_key] = invoice
        return invoice

    def reinvoice(self, order: Order, statuses: list[str], paid_modes: list[str], payment: str = "R") -> None:
        """Give one of Erika's orders a fixed shape (lines, invoices, payment state)."""
        db = self.db
        for inv in order.invoices:
            del db.invoices[inv.invoice_key]
        order.invoices = []
        order.payment_code = payment
        order.ship_locked = False
        while len(order.lines) < len(statuses):
            item = self.orderable[len(order.lines) * 7 % len(self.orderable)]
            order.lines.append(
                Orderline(
                    orderline_key=db.next_key("line"),
                    order_nr=order.order_nr,
                    line_item_id_shop=str(len(order.lines) + 1),
                    status="ANG",
                    item_key=item.item_key,
                    item_nr_int=item.item_nr_int,
                    ean=item.ean,
                    name=item.name,
                    qty=1,
                    price=item.price_gross,
                    full_price=item.price_gross,
                    discount_value=ZERO,
                    discount_perc=ZERO,
                    vat_percent=item.vat_percent,
                    create_date=order.order_date,
                    update_date=order.order_date,
                )
            )
        for line, status in zip(order.lines, statuses, strict=False):
            line.status = status
        shipped = [ln for ln in order.lines if ln.status in ("AUS", "RET", "MIN")]
        groups = [shipped[:1], shipped[1:]] if len(paid_modes) == 2 else [shipped] * len(paid_modes)
        for i, (group, mode) in enumerate(zip(groups, paid_modes, strict=True)):
            self.invoice(
                order,
                group,
                sql_datetime(order.order_date + timedelta(days=1 + 5 * i, hours=3)),
                mode,
                with_shipping=i == 0,
            )
        self.settle_status(order)

    def shape_erika(self) -> None:
        """Erika's history: two invoices on one order (paid + unpaid), a partly paid one, one open order."""
        orders = [self.db.orders[nr] for nr in self.db.orders_by_customer[ERIKA.cust_key]]
        newest, second, third, fourth = orders[-1], orders[-2], orders[-3], orders[-4]
        self.reinvoice(newest, ["ANG", "ANG"], [])
        self.reinvoice(second, ["AUS", "AUS", "AUS"], ["paid", "unpaid"])
        self.reinvoice(third, ["AUS", "AUS"], ["partly"])
        self.reinvoice(fourth, ["AUS", "RET"], ["paid"], payment="K")
        erika = self.db.customers[ERIKA.cust_key]
        for order in orders:
            order.billing_addr_key = erika.billing_addr_key
            order.shipping_addr_key = erika.shipping_addr_key

    def build(self) -> PixiDatabase:
        db = self.db
        if self.name == "pixiDEM":
            self.demo_customers()
        generated: list[Customer] = []
        while len(db.customers) < self.size.customers:
            generated.append(self.random_customer())
            if len(generated) % 30 == 0 and len(db.customers) < self.size.customers:
                privates = [c for c in generated if not c.business and c.billing.country == "D"]
                self.near_duplicate(self.rng.choice(privates))
        self.items()
        self.orders()
        db.next_keys["order"] = max(db.orders, default=FIRST_ORDER_NR - 1) + 1
        db.next_keys["customer_number"] = next(self.numbers)
        db.customer_number_prefix = self.prefix
        return db


def build_database(name: str, seed: int = 42) -> PixiDatabase:
    """Build the demo data of one pixi database (``pixiDEM`` or ``pixiTST``) from a seed."""
    return _Builder(name, seed).build()


def build_databases(seed: int = 42) -> dict[str, PixiDatabase]:
    return {name: build_database(name, seed) for name in ("pixiDEM", "pixiTST")}
