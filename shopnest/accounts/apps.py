from django.apps import AppConfig


class AccountCommandsConfig(AppConfig):
    """Agent accounts' management commands (createsuperuser, changepassword).

    Listed before django.contrib.auth in INSTALLED_APPS so that these replace Django's
    commands of the same names, which would write the accounts projection's rows around the
    event store. Everything else about accounts is wired by the kernel app (shopnest/apps.py),
    which comes after auth, so that its ready() runs after auth's.
    """

    name = "shopnest.accounts"
    label = "shopnest_accounts"
    verbose_name = "Agent accounts"
