"""Learning routes by role on the landing page (issue 15): every role has a route in both
languages, with its focus, lessons and tools, links and the total time."""

from __future__ import annotations

import re
from typing import get_args
from unittest import mock

import pytest

from aiact_kit.content.records import ROUTE_ROLES
from aiact_kit.content.schema.lessons import RouteRole
from aiact_kit.engines.course import outline
from aiact_kit.present.pages import route_html, route_items
from aiact_kit.widgets.nav import landing, role_picker


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_roles_of_schema_and_records_agree():
    assert set(get_args(RouteRole)) == set(ROUTE_ROLES)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("role", ROUTE_ROLES)
def test_every_role_has_a_route_in_both_languages(content, role, lang):
    o = outline(content)
    items = route_items(role, o)
    lessons = [i for i in items if i.type == "lesson"]
    assert len(lessons) >= 5, role
    assert lessons[-1].id == "lesson-final-test"  # every route ends with the final test
    html = route_html(role, lang, o)
    minutes = sum(i.minutes for i in items)
    total = {"nl": f"samen ongeveer {minutes} minuten", "en": f"together about {minutes} minutes"}
    assert total[lang] in plain(html)
    assert html.count("<li>") == len(items) and html.count('<a href="') == len(items)


def test_routes_differ_by_role(content):
    o = outline(content)
    routes = {r: tuple(i.id for i in route_items(r, o)) for r in ROUTE_ROLES}
    assert len(set(routes.values())) == len(ROUTE_ROLES)
    assert "lesson-gpai" in routes["developer"] and "lesson-gpai" not in routes["case-handler"]


def test_unknown_role_is_refused(content):
    with pytest.raises(ValueError, match="no route"):
        route_html("astronaut", "nl", outline(content))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_role_picker_shows_the_route_of_the_chosen_role(lang):
    box = role_picker(lang)
    _, pick, route = box.children
    assert route.value == "" and pick.description
    for role in ROUTE_ROLES:
        pick.value = role
        assert f'data-role="{role}"' in route.value
    # outside the web app the landing page is plain HTML output with the role picker shown
    # between its head and its lessons
    shown = []
    with mock.patch("aiact_kit.widgets.nav.display", shown.append):
        body = landing(lang)
    assert "aiact-lessons" in body.value and "aiact-lessons" not in shown[0].value
    assert isinstance(shown[1], type(box)) and "aiact-roles" in shown[1]._dom_classes
