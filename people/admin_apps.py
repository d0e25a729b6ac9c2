"""Django's admin app, serving the ShopNest back office site (shopnest/admin_site.py).

Kept apart from the site itself: app configs load before models, the site needs them.
"""

from django.contrib.admin.apps import AdminConfig


class ShopNestAdminConfig(AdminConfig):
    default_site = "people.admin_site.ShopNestAdminSite"

    def ready(self) -> None:
        super().ready()  # autodiscovery: every app's admin module has registered its pages
        from django.contrib import admin
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        # Django's User and Group pages would add, edit and delete rows of auth_user, a read
        # table only the accounts projection writes, behind the event store's back. Agents are
        # registered by command. tests/integration/admin/test_write_paths.py guards this.
        for model in (get_user_model(), Group):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
