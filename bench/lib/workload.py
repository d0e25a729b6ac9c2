"""What ShopNest customers and agents send: order, refund and shipping tickets, and replies.

Requesters come from a fixed pool of customers, so the first ticket of each address creates a
contact (the slower path: two more streams in the append) and every later one finds it.
"""

from __future__ import annotations

import random

FIRST_NAMES = ("Ana", "Ben", "Chloé", "Dmitri", "Esra", "Femi", "Grace", "Hiro", "Inés", "Jonas",
               "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Yuki")
LAST_NAMES = ("Silva", "Okafor", "Müller", "Tanaka", "Novak", "Haddad", "Kowalski", "Ortega",
              "Nguyen", "Larsen")
PRODUCTS = ("wireless earbuds", "espresso machine", "running shoes", "4K monitor",
            "standing desk", "air fryer", "backpack", "smart watch", "yoga mat", "desk lamp")
CARRIERS = ("DHL", "UPS", "DPD", "PostNL", "Royal Mail")

# (type, subject template, description template, tags, priority range)
ISSUES = (
    ("Refund", "Refund for order #{order}", "<div>Hi, I returned the {product} from order "
     "#{order} on {day} but have not received my refund of €{total} yet.</div>",
     ["refund", "returns"], (2, 3)),
    ("Incident", "Order #{order} arrived damaged", "<div>The {product} in order #{order} "
     "arrived with a cracked case. Photos attached. Can you send a replacement?</div>",
     ["damaged", "replacement"], (2, 4)),
    ("Question", "Where is my order #{order}?", "<div>My order #{order} ({product}) was "
     "shipped with {carrier} on {day} and tracking has not moved since.</div>",
     ["shipping", "tracking"], (1, 2)),
    ("Question", "Change delivery address for #{order}", "<div>Please deliver order #{order} "
     "to my office instead: Keizersgracht {house}, Amsterdam.</div>",
     ["shipping", "address-change"], (1, 2)),
    ("Problem", "Charged twice for order #{order}", "<div>My card was charged €{total} twice "
     "for order #{order}. Please refund the duplicate payment.</div>",
     ["billing", "duplicate-charge"], (3, 4)),
)
REPLIES = (
    "<p>Hi {name}, thanks for reaching out. I have checked order #{order} and {action}.</p>"
    "<p>Kind regards,<br>ShopNest Support</p>",
    "<p>Hello {name}, sorry for the trouble with your order. {action_cap}. We will update you "
    "within 24 hours.</p>",
)
ACTIONS = ("issued a full refund to your original payment method",
           "opened a trace with the carrier",
           "shipped a replacement with express delivery",
           "updated the delivery address")


def customer_pool(size: int) -> list[tuple[str, str]]:
    """`size` distinct (name, e-mail) customers, the same for every run."""
    pool = []
    for i in range(size):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        pool.append((f"{first} {last}", f"customer{i:03d}@shopnest-customers.example"))
    return pool


def _order(rng: random.Random) -> dict[str, str]:
    return {
        "order": f"SN-{rng.randint(100000, 999999)}",
        "product": rng.choice(PRODUCTS),
        "carrier": rng.choice(CARRIERS),
        "total": f"{rng.randint(9, 450)}.{rng.randint(0, 99):02d}",
        "day": f"2025-11-{rng.randint(1, 25):02d}",
        "house": str(rng.randint(1, 400)),
    }


def ticket_payload(rng: random.Random, pool: list[tuple[str, str]]) -> dict:
    """A POST /api/v2/tickets body as ShopNest's shop front sends it."""
    name, email = rng.choice(pool)
    kind, subject, description, tags, priorities = rng.choice(ISSUES)
    order = _order(rng)
    return {
        "email": email,
        "name": name,
        "subject": subject.format(**order),
        "description": description.format(**order),
        "type": kind,
        "priority": rng.randint(*priorities),
        "status": 2,
        "source": rng.choice((1, 2, 7, 11)),  # email, portal, chat, e-commerce
        "tags": tags,
        "custom_fields": {"cf_order_number": order["order"], "cf_order_total": order["total"],
                          "cf_carrier": order["carrier"]},
    }


def reply_payload(rng: random.Random) -> dict:
    """A POST /api/v2/tickets/{id}/reply body written by an agent."""
    action = rng.choice(ACTIONS)
    body = rng.choice(REPLIES).format(
        name=rng.choice(FIRST_NAMES), order=_order(rng)["order"], action=action,
        action_cap=action[0].upper() + action[1:])
    return {"body": body}
