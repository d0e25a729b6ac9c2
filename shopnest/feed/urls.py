"""Routes of the change feed."""

from shopnest.api.urls import with_optional_slash
from shopnest.feed import views

urlpatterns = with_optional_slash([
    ("events", views.EventFeedView, "events"),
    ("events/stream", views.EventStreamView, "events-stream"),
])
