"""What ShopNest customers write about, and how agents answer (seeded, deterministic)."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

FIRST_NAMES = ["Ana", "Ben", "Chloé", "Dev", "Elif", "Finn", "Grace", "Hiro", "Inès", "Jonas",
               "Kara", "Luca", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara"]
LAST_NAMES = ["Silva", "Müller", "Okafor", "Nguyen", "Kowalski", "Haddad", "Rossi", "Tanaka",
              "Johansson", "García", "Dubois", "Patel"]
PRODUCTS = ["linen bedding set", "ceramic pour-over kettle", "oak side table", "wool throw",
            "cast-iron skillet", "bamboo bath towels", "standing desk lamp", "rattan basket"]
CARRIERS = ["DHL", "UPS", "DPD", "PostNL", "GLS"]


@dataclass(frozen=True)
class Story:
    subject: str
    description: str
    type: str
    tags: tuple[str, ...]
    priority: int
    reply: str
    note: str
    final_status: int


def _order(rng: random.Random) -> str:
    return f"SN-{rng.randint(100000, 999999)}"


def story(rng: random.Random) -> Story:
    """Return one customer's ticket, from a handful of everyday ShopNest situations."""
    order, product, carrier = _order(rng), rng.choice(PRODUCTS), rng.choice(CARRIERS)
    kind = rng.choice(["late", "refund", "damaged", "address", "wrong_item"])
    if kind == "late":
        return Story(f"Where is my order {order}?",
                     f"<p>I ordered a {product} ten days ago (order {order}) and the tracking "
                     f"with {carrier} has not moved since Monday.</p>",
                     "Question", ("shipping", "tracking"), rng.choice([1, 2]),
                     f"<p>Sorry for the wait! I've asked {carrier} to trace order {order} and "
                     "will update you within 24 hours.</p>",
                     f"{carrier} trace requested, reference {rng.randint(1000, 9999)}.",
                     rng.choice([2, 3, 4]))
    if kind == "refund":
        return Story(f"Refund for order {order}",
                     f"<p>I returned the {product} two weeks ago but haven't been refunded.</p>",
                     "Refund", ("refund", "returns"), 2,
                     "<p>Your return has arrived at our warehouse; the refund is on its way and "
                     "should reach your account in 3–5 business days.</p>",
                     "Return scanned at warehouse; refund issued via payment provider.",
                     rng.choice([4, 5]))
    if kind == "damaged":
        return Story(f"{product.capitalize()} arrived damaged",
                     f"<p>The {product} from order {order} arrived broken. Photos attached "
                     "in my next email.</p>",
                     "Problem", ("damaged", "replacement"), 3,
                     f"<p>I'm so sorry! We're sending a replacement {product} today, no need "
                     "to return the damaged one.</p>",
                     "Replacement order created; carrier damage claim filed.",
                     rng.choice([3, 4]))
    if kind == "address":
        return Story(f"Change delivery address for {order}",
                     "<p>I moved last week — can you still change the delivery address?</p>",
                     "Question", ("address-change",), 2,
                     "<p>Done — the new address is on the parcel label. It ships tomorrow.</p>",
                     "Address updated before pick-up.", 4)
    return Story(f"Wrong item in order {order}",
                 f"<p>I ordered a {product} but received something else entirely.</p>",
                 "Incident", ("wrong-item", "warehouse"), 3,
                 f"<p>Apologies for the mix-up. A prepaid {carrier} return label is on its "
                 f"way and the right {product} ships today.</p>",
                 "Picking error reported to the warehouse team.", rng.choice([2, 3]))


def customer(rng: random.Random, pool: int) -> tuple[str, str]:
    """Return (name, email) from a pool, so that customers come back with new tickets."""
    n = rng.randrange(pool)
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[n % len(LAST_NAMES)]
    local = unicodedata.normalize("NFKD", f"{first}.{last}.{n}").encode("ascii", "ignore").decode()
    return f"{first} {last}", f"{local.lower()}@example.com"
