"""The API's ``Literal`` choices spell out the domain's tuples (for the OpenAPI schema): they must stay equal."""

from __future__ import annotations

import typing

from custodes.aid.notify import SITE_CATEGORIES
from custodes.board.model import DECISION_KINDS, TRANSACTION_TYPES
from custodes.grievances.model import CATEGORIES
from custodes.web.routers import aid_notifications, board, grievances


def test_board_decision_kinds_and_transaction_types() -> None:
    assert set(typing.get_args(board.Kind)) == set(DECISION_KINDS)
    assert set(typing.get_args(board.TxType)) == set(TRANSACTION_TYPES)


def test_site_categories() -> None:
    assert set(typing.get_args(aid_notifications.Category)) == set(SITE_CATEGORIES)


def test_grievance_categories() -> None:
    assert set(typing.get_args(grievances.Category)) == set(CATEGORIES)
