"""Django's admin app, serving the ShopNest back office site (shopnest/admin_site.py).

Kept apart from the site itself: app configs load before models, the site needs them.
"""

from django.contrib.admin.apps import AdminConfig


class ShopNestAdminConfig(AdminConfig):
    default_site = "shopnest.admin_site.ShopNestAdminSite"
