import pytest


def pytest_terminal_summary(terminalreporter):
    """How many requests the API fuzzing sent, per signed-in user (when it ran)."""
    from .test_api_fuzzing import examples_run

    if examples_run:
        counts = ", ".join(f"{label} {count}" for label, count in sorted(examples_run.items()))
        terminalreporter.write_line(f"schemathesis examples run: {counts} (total {sum(examples_run.values())})")


@pytest.fixture
def no_code_throttle(settings):
    """django-otp makes a device wait after a wrong code; tests that go on at once switch that off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
