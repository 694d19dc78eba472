from django.urls import include, path

from .views import applicant, clerk

app_name = "residence_permits"
urlpatterns = [
    # Applicants and holders, their own only
    path("my/residence/", applicant.overview, name="overview"),
    path("my/residence/registrations/new/", applicant.registration_new, name="registration_new"),
    path("my/residence/registrations/<int:pk>/apply/", applicant.application_start, name="application_start"),
    path("my/residence/applications/<int:pk>/", applicant.application_edit, name="application_edit"),
    path("my/residence/applications/<int:pk>/review/", applicant.application_review, name="application_review"),
    path("my/residence/permits/<int:pk>/", applicant.permit_detail, name="permit_detail"),
    path("my/residence/permits/<int:pk>/card.pdf", applicant.permit_card, name="permit_card"),
    path("my/residence/permits/<int:pk>/endorse/", applicant.endorse, name="endorse"),
    path("my/residence/permits/<int:pk>/address/", applicant.change_address, name="change_address"),
    path("my/residence/permits/<int:pk>/cancel/", applicant.cancel, name="cancel"),
    path("my/residence/permits/<int:pk>/settle/", applicant.settle, name="settle"),
    path("my/residence/notifications/read/", applicant.notifications_read, name="notifications_read"),
    # Station staff, their station's (or city's) only
    path("station/residence/", clerk.station, name="station"),
    path("station/residence/registrations/new/", clerk.counter_registration, name="counter_registration"),
    path("station/residence/permits/<int:pk>/", clerk.permit_view, name="clerk_permit"),
    path("station/residence/permits/<int:pk>/card.pdf", clerk.permit_card, name="clerk_permit_card"),
    path("station/residence/permits/<int:pk>/address/", clerk.change_address, name="clerk_change_address"),
    path("station/residence/permits/<int:pk>/cancel/", clerk.cancel, name="clerk_cancel"),
    # The API, under /api/v1/ beside the case API
    path("api/v1/", include("residence_permits.api.urls")),
]
