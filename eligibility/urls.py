from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("check/", views.self_check, name="self_check"),
    path("compare/", views.compare, name="compare"),
    path("guide/", views.guide_list, name="guide_list"),
    path("guide/<slug:city>/<slug:pathway>/", views.guide, name="guide"),
]
