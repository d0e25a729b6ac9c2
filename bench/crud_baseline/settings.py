"""ShopNest's settings, with the baseline app installed and its URLs in front."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "crud_baseline.apps.CrudBaselineConfig"]
ROOT_URLCONF = "crud_baseline.urls"
