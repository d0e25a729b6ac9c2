"""The plain-CRUD baseline the write path is measured against (bench/crud_bench.py).

A minimal DRF `ModelViewSet` that stores the fields of a new ticket in an ordinary table, in
the same Django project, behind the same middleware, authentication class (an API key looked
up per request) and gunicorn settings as ShopNest itself: what the same request costs when
nothing is event-sourced, validated as a domain or projected.
"""
