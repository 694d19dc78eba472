"""Views split by audience, so each permission boundary is one file: public.py (anyone),
applicant.py (the signed-in applicant's own cases), clerk.py (station staff)."""
