"""Responses for stored files, shared by the audiences' views (each checks access first)."""

from django.http import FileResponse, HttpResponse
from django.urls import reverse

from ..papers import paper_pdf

# An uploaded file is the applicant's, not the portal's: it is downloaded, never shown in the
# portal's origin, and were a browser to render it all the same, it runs nothing and loads nothing.
UPLOAD_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def document_response(document) -> FileResponse:
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}{document.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response


def paper_response(request, paper) -> HttpResponse:
    """A paper (receipt, notice, decision, certificate) as PDF, its QR code pointing to its check."""
    verify_url = request.build_absolute_uri(reverse("verify_code", args=[paper.code]))
    response = HttpResponse(paper_pdf(paper, verify_url=verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{paper.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


certificate_response = paper_response
