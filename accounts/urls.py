from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("otp/", views.sign_in_code, name="sign_in_code"),
    path("otp/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("security/", views.two_factor, name="two_factor"),
    path("identity/", views.identity, name="identity"),
    path("staff/enrolment/", views.staff_enrolment, name="staff_enrolment"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("verify/", views.verify_pending, name="verify_pending"),
    path("verify/resend/", views.verify_resend, name="verify_resend"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password-reset/sms/", views.sms_reset_request, name="sms_reset_request"),
    path("password-reset/sms/code/", views.sms_reset, name="sms_reset"),
]
