from django.urls import path

from . import views

app_name = "eligibility"
urlpatterns = [
    path("check/", views.self_check, name="self_check"),
    path("compare/", views.compare, name="compare"),
]
