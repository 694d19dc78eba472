from django.urls import path

from . import views

urlpatterns = [
    path("evaluate", views.EvaluateView.as_view(), name="eligibility-evaluate"),
]
