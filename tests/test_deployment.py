"""The production shape: docker-compose.yml names things that exist, and the settings pass
``manage.py check --deploy`` without a single warning."""

import importlib
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WSGI_APP_SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def command(services: dict, name: str) -> list[str]:
    return shlex.split(services[name]["command"])


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_compose_has_the_web_worker_beat_database_and_redis_services(services):
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_the_app_services_run_in_production_mode_against_the_compose_database_and_redis(services, name):
    environment = services[name]["environment"]

    assert environment["DJANGO_ENV"] == "production"
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")


def test_the_web_command_serves_the_projects_wsgi_application_with_gunicorn(services):
    args = command(services, "web")
    app_specs = [arg for arg in args[1:] if WSGI_APP_SPEC.match(arg)]  # "module:attribute", not "0.0.0.0:8000"

    module_name, attribute = app_specs[0].split(":")
    application = getattr(importlib.import_module(module_name), attribute)

    assert args[0] == "gunicorn"
    assert app_specs == ["hukou_portal.wsgi:application"]
    assert callable(application)
    assert shutil.which("gunicorn", path=str(VENV_BIN))


@pytest.mark.parametrize("name, subcommand", [("worker", "worker"), ("beat", "beat")])
def test_the_celery_commands_name_the_projects_celery_app(services, name, subcommand):
    args = command(services, name)

    app = find_app(option(args, "-A"))  # how the celery command line resolves -A

    assert args[0] == "celery" and subcommand in args
    assert isinstance(app, Celery) and app.main == "hukou_portal"
    assert shutil.which("celery", path=str(VENV_BIN))


def test_manage_py_check_deploy_passes_without_warnings_in_production_mode(tmp_path):
    environment = {
        "PATH": str(VENV_BIN),
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hukou.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
