"""``/oruk/``: the Open Referral UK 3.0 paths, with and without a trailing slash."""

from __future__ import annotations

from django.urls import re_path

from directory.oruk import views

app_name = "oruk"

urlpatterns = [
    re_path(r"^$", views.RootView.as_view(), name="root"),
    re_path(r"^services/?$", views.ServiceListView.as_view(), name="services"),
    re_path(r"^services/(?P<pk>[^/]+)/?$", views.ServiceDetailView.as_view(), name="service"),
    re_path(
        r"^service_at_locations/?$",
        views.ServiceAtLocationListView.as_view(),
        name="service_at_locations",
    ),
    re_path(
        r"^service_at_locations/(?P<pk>[^/]+)/?$",
        views.ServiceAtLocationDetailView.as_view(),
        name="service_at_location",
    ),
    re_path(r"^taxonomies/?$", views.TaxonomyListView.as_view(), name="taxonomies"),
    re_path(r"^taxonomies/(?P<pk>[^/]+)/?$", views.TaxonomyDetailView.as_view(), name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermListView.as_view(), name="taxonomy_terms"),
    re_path(
        r"^taxonomy_terms/(?P<pk>[^/]+)/?$",
        views.TaxonomyTermDetailView.as_view(),
        name="taxonomy_term",
    ),
]
