"""Migration 0013: an action green only by default (never updated, not started) becomes "Not yet
rated"; a RAG someone gave stays."""

import importlib

import pytest
from django.apps import apps

from actionplans.plans.models import Action, Rag
from tests.actionplans.factories import ActionFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("actionplans.migrations.0013_not_yet_rated")


def test_only_defaulted_greens_become_not_yet_rated():
    defaulted: Action = ActionFactory(rag=Rag.GREEN)
    rated: Action = ActionFactory(rag=Rag.GREEN, status="in_progress")
    ProgressUpdateFactory(action=rated, rag=Rag.GREEN)
    started: Action = ActionFactory(rag=Rag.GREEN, status="in_progress")
    amber: Action = ActionFactory(rag=Rag.AMBER)
    migration.unrate_actions_nobody_rated(apps, None)
    for action in (defaulted, rated, started, amber):
        action.refresh_from_db()
    assert defaulted.rag == Rag.NOT_RATED
    assert rated.rag == Rag.GREEN
    assert started.rag == Rag.GREEN
    assert amber.rag == Rag.AMBER
