def unread(request):
    """The number of unread portal messages, for the header: counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.pk is None:
        return {}
    from .services import notices_unread

    return {"notices_unread": lambda: notices_unread(user)}
