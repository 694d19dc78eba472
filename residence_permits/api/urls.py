from rest_framework.routers import SimpleRouter

from .views import MyPermitViewSet, MyRegistrationViewSet, StaffPermitViewSet, StaffRegistrationViewSet

router = SimpleRouter(trailing_slash=True)
router.register("my/residence-registrations", MyRegistrationViewSet, basename="my-residence-registration")
router.register("my/residence-permits", MyPermitViewSet, basename="my-residence-permit")
router.register("residence-permits", StaffPermitViewSet, basename="staff-residence-permit")
router.register("residence-registrations", StaffRegistrationViewSet, basename="staff-residence-registration")
urlpatterns = router.urls
