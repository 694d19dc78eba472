from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("preferences/", views.preferences, name="preferences"),
    path("phone/", views.phone, name="phone"),
]
