from django.urls import path

from .views import applicant, batches, clerk, consents, public, ratings

app_name = "applications"
urlpatterns = [
    # Public, no sign-in
    path("status/", public.status_lookup, name="status_lookup"),
    # Applicants, their own cases only
    path("my/cases/", applicant.case_list, name="my_cases"),
    path("my/cases/new/", applicant.case_new, name="case_new"),
    path("my/cases/<int:pk>/", applicant.case_detail, name="my_case"),
    path("my/cases/<int:pk>/edit/", applicant.case_edit, name="case_edit"),
    path("my/cases/<int:pk>/documents/", applicant.document_add, name="document_add"),
    path("my/cases/<int:pk>/review/", applicant.case_review, name="case_review"),
    path("my/cases/<int:pk>/submit/", applicant.case_submit_view, name="case_submit"),
    path("my/cases/<int:pk>/answer/", applicant.case_answer, name="case_answer"),
    path("my/cases/<int:pk>/withdraw/", applicant.case_withdraw_view, name="case_withdraw"),
    path("my/cases/<int:pk>/delete/", applicant.case_delete, name="case_delete"),
    path("my/cases/<int:pk>/certificate.pdf", applicant.certificate_pdf, name="my_certificate"),
    path("my/cases/<int:pk>/documents/<int:document_pk>/", applicant.document_view, name="my_document"),
    path("my/cases/<int:pk>/promise/", applicant.promise_sign, name="promise_sign"),
    path("my/cases/<int:pk>/papers/<int:paper_pk>/", applicant.paper_view, name="my_paper"),
    path("my/cases/<int:pk>/papers/<int:paper_pk>/pdf/", applicant.paper_download, name="my_paper_pdf"),
    path("my/cases/<int:pk>/rating/", ratings.case_rating, name="case_rating"),
    path("my/consents/", consents.consent_list, name="consents"),
    path("my/consents/<int:pk>/answer/", consents.consent_answer, name="consent_answer"),
    # Station staff, their station's (or city's) cases only
    path("station/queue/", clerk.queue_view, name="queue"),
    path("station/cases/<int:pk>/", clerk.case_view, name="clerk_case"),
    path("station/cases/<int:pk>/take/", clerk.take, name="clerk_take"),
    path("station/cases/<int:pk>/correct/", clerk.correct, name="clerk_correct"),
    path("station/cases/<int:pk>/request/", clerk.request_documents, name="clerk_request"),
    path("station/cases/<int:pk>/approve/", clerk.approve, name="clerk_approve"),
    path("station/cases/<int:pk>/refuse/", clerk.refuse, name="clerk_refuse"),
    path("station/cases/<int:pk>/extend/", clerk.extend, name="clerk_extend"),
    path("station/cases/<int:pk>/move-in/", clerk.move_in, name="clerk_move_in"),
    path("station/cases/<int:pk>/certificate.pdf", clerk.certificate_pdf, name="clerk_certificate"),
    path("station/cases/<int:pk>/documents/<int:document_pk>/", clerk.document_view, name="clerk_document"),
    path("station/cases/<int:pk>/documents/<int:document_pk>/check/", clerk.document_check, name="clerk_check"),
    path("station/identity/", clerk.identity_at_counter, name="identity_counter"),
    path("station/cases/<int:pk>/papers/<int:paper_pk>/", clerk.paper_view, name="clerk_paper"),
    path("station/cases/<int:pk>/papers/<int:paper_pk>/pdf/", clerk.paper_download, name="clerk_paper_pdf"),
    path("station/batches/", batches.batch_list, name="batches"),
    path("station/batches/new/", batches.batch_new, name="batch_new"),
    path("station/batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("station/batches/<int:pk>/progress/", batches.batch_progress_view, name="batch_progress"),
    path("station/batches/<int:pk>/cancel/", batches.batch_cancel_view, name="batch_cancel"),
    path("station/statistics/", batches.statistics_view, name="statistics"),
    path("station/follow-ups/", ratings.follow_up_list, name="follow_ups"),
    path("station/follow-ups/<int:pk>/", ratings.follow_up, name="follow_up"),
]
