from rest_framework.routers import SimpleRouter

from .views import MyCaseViewSet, StaffCaseViewSet

router = SimpleRouter(trailing_slash=True)
router.register("my/cases", MyCaseViewSet, basename="my-case")
router.register("cases", StaffCaseViewSet, basename="staff-case")
urlpatterns = router.urls
