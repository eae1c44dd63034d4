"""The timeline: engine (what applies on which date, both versions of the law), CLI, widgets."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from datetime import date, timedelta

import pytest
import yaml

from aiact_kit.commands.cli import main
from aiact_kit.content import CONTENT_DIR, load_content
from aiact_kit.engines import events
from aiact_kit.engines.timeline import (
    KINDS,
    VERSIONS,
    TimelineError,
    applies_on,
    changes_2026,
    milestones,
)

D = date.fromisoformat
FLAG_NAMES = ("on_market_before", "public_authority", "generative", "significant_change")
ALL_FLAGS = [
    dict(zip(FLAG_NAMES, combo, strict=True)) for combo in itertools.product((0, 1), repeat=4)
]


# -- a content set with an obligations catalogue of known shape -----------------------------
HR_DATES = {
    "default": "annex-iii-high-risk",
    "annex_i": "annex-i-high-risk",
    "legacy_public": "public-legacy",
    "legacy_note": {"nl": "Alleen na ingrijpende wijziging.", "en": "Only after a change."},
}


def _ob(id, groups, applies_from, roles=("provider",), cites=("Art. 9",)):
    return {
        "id": id,
        "title": {"nl": f"Plicht {id}", "en": f"Duty {id}"},
        "text": {"nl": "Tekst.", "en": "Text."},
        "roles": list(roles),
        "risk_groups": list(groups),
        "citations": list(cites),
        "applies_from": applies_from,
    }


OBLIGATIONS = {
    "kind": "obligations",
    "items": [
        _ob("f-literacy", ["all"], {"default": "chapters-i-ii"}, cites=["Art. 4"]),
        _ob("f-art5", ["prohibited"], {"default": "chapters-i-ii"}, cites=["Art. 5(1)"]),
        _ob("f-art5-new", ["prohibited"], {"default": "new-prohibitions"}, cites=["Art. 5(1)(ba)"]),
        _ob("f-hr-risk", ["high-risk"], HR_DATES),
        _ob(
            "f-hr-importer",
            ["high-risk"],
            {k: v for k, v in HR_DATES.items() if k != "legacy_public"},
        ),
        _ob("f-art-6-4", ["high-risk"], {"default": "annex-iii-high-risk"}, cites=["Art. 6(4)"]),
        _ob(
            "f-tr-chatbot",
            ["transparency"],
            {"default": "general-application"},
            cites=["Art. 50(1)"],
        ),
        _ob(
            "f-tr-marking",
            ["transparency"],
            {"default": "general-application", "legacy": "generative-legacy"},
            cites=["Art. 50(2)"],
        ),
        _ob("f-gpai-doc", ["gpai"], {"default": "gpai-governance", "legacy": "gpai-legacy"}),
        _ob(
            "f-gpai-sr", ["gpai-systemic"], {"default": "gpai-governance", "legacy": "gpai-legacy"}
        ),
    ],
}


@pytest.fixture(scope="module")
def fixture_content(tmp_path_factory):
    d = tmp_path_factory.mktemp("content")
    for name in ("meta.yaml", "timeline.yaml"):
        shutil.copy(CONTENT_DIR / name, d / name)
    (d / "obligations.yaml").write_text(yaml.safe_dump(OBLIGATIONS, allow_unicode=True))
    return load_content(d)


def _timeline_items():
    return yaml.safe_load((CONTENT_DIR / "timeline.yaml").read_text())


def _content_with_timeline(tmp_path, timeline):
    for name in ("meta.yaml",):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    (tmp_path / "timeline.yaml").write_text(yaml.safe_dump(timeline, allow_unicode=True))
    return load_content(tmp_path)


# -- every milestone: the day before and the day itself -------------------------------------
def _provision_cases(content):
    """(milestone, version, date, provision, kind) for what each milestone starts; for the kind
    public-legacy (always an existing system) the provisions its transition moves are left to
    the transition test."""
    moved = {
        (k, v, pid)
        for m in content.kind("timeline")
        for t in m.transitions
        for k in t.kinds
        for v in t.versions
        for pid in t.provisions
        if k == "public-legacy"
    }
    for m in content.kind("timeline"):
        for version in VERSIONS:
            day = content.milestone_date(m.id, version)
            if day is None:
                continue
            for p in m.starts:
                kinds = KINDS if "all" in p.kinds else p.kinds
                for kind in kinds:
                    if (kind, version, p.id) not in moved:
                        yield m.id, version, day, p.id, kind


def test_every_provision_starts_on_its_milestone_and_not_the_day_before(content):
    cases = list(_provision_cases(content))
    assert len(cases) > 50
    for mid, version, day, pid, kind in cases:
        before = applies_on(day - timedelta(days=1), kind, version=version)
        on = applies_on(day, kind, version=version)
        assert pid not in before.ids("in_force"), (mid, version, pid, kind)
        assert before.entry(pid).start == day and pid in before.ids("not_yet")
        assert pid in on.ids("in_force"), (mid, version, pid, kind)
        assert on.entry(pid).milestone == mid


def test_every_milestone_status_flips_on_its_day(content):
    for version in VERSIONS:
        for m in content.kind("timeline"):
            day = content.milestone_date(m.id, version)
            if day is None:
                assert m.id not in {v.id for v in milestones(version, today=date(2026, 1, 1))}
                continue
            for today, expected in (
                (day - timedelta(days=1), "upcoming"),
                (day, "today"),
                (day + timedelta(days=1), "past"),
            ):
                view = {v.id: v for v in milestones(version, today=today)}[m.id]
                assert view.status == expected, (m.id, version, today)


def test_every_transition_deadline_starts_on_its_day(content):
    """The deadline milestones (gpai-legacy, generative-legacy, public-legacy, annex-x-deadline)
    start nothing themselves: they start what a transition moves, the day itself, not before."""
    checked = 0
    for m in content.kind("timeline"):
        for t in m.transitions:
            for version in t.versions:
                flags = {"on_market_before": True, "generative": t.only_if == "generative"}
                target = t.deadline or t.public_deadline
                if t.rule == "significant-change":
                    flags["public_authority"] = True
                day = content.milestone_date(target, version)
                for kind in t.kinds:
                    before = applies_on(day - timedelta(days=1), kind, version=version, **flags)
                    on = applies_on(day, kind, version=version, **flags)
                    assert before.legacy and on.legacy
                    for pid in t.provisions:
                        if pid not in on.ids("in_force") | on.ids("not_yet"):
                            continue  # e.g. the Annex I chapter for the kind annex-iii
                        assert pid in before.ids("not_yet"), (t.id, version, kind, pid)
                        assert pid in on.ids("in_force"), (t.id, version, kind, pid)
                        assert on.entry(pid).milestone == target
                        checked += 1
    assert checked >= 10


# -- monotonicity -------------------------------------------------------------------------------
def _grid(content):
    days = {date(y, 1, 1) for y in range(2024, 2033)}
    for m in content.kind("timeline"):
        for d in (m.date_original, m.date_amended):
            if d:
                days |= {d - timedelta(days=1), d}
    return sorted(days)


@pytest.mark.parametrize("which", ["shipped", "fixture"])
def test_in_force_stays_in_force_unless_the_data_ends_it(which, content, fixture_content):
    c = content if which == "shipped" else fixture_content
    grid = _grid(c)
    ends_seen = 0
    for kind, version, flags in itertools.product(KINDS, VERSIONS, ALL_FLAGS):
        flags = {k: bool(v) for k, v in flags.items()}
        previous = None
        all_ids = None
        for day in grid:
            r = applies_on(day, kind, version=version, content=c, **flags)
            ids = r.ids("in_force") | r.ids("not_yet") | r.ids("ended")
            assert all_ids is None or ids == all_ids  # nothing appears or vanishes
            all_ids = ids
            if previous is not None:
                lost = previous - r.ids("in_force")
                for eid in lost:
                    e = r.entry(eid)
                    assert eid in r.ids("ended"), (kind, version, flags, day, eid)
                    assert e.until_milestone is not None and e.until <= day
                    ends_seen += 1
            for e in r.in_force:
                assert e.start is not None and e.start <= day
            previous = r.ids("in_force")
    # the shipped data ends nothing: Art 4 stays in force, only its wording changes (issue 16)
    assert ends_seen == 0


def test_a_provision_with_an_end_moves_to_ended(tmp_path):
    timeline = _timeline_items()
    for m in timeline["items"]:
        for p in m.get("starts", []):
            if p["id"] == "p-art-4":
                p["until"] = "omnibus-entry-into-force"
    c = _content_with_timeline(tmp_path, timeline)
    before = applies_on("2026-07-26", "gpai", content=c)
    after = applies_on("2026-07-27", "gpai", content=c)
    assert "p-art-4" in before.ids("in_force") and "p-art-4" in after.ids("ended")
    assert after.entry("p-art-4").until == D("2026-07-27")
    # in the law as first adopted the end milestone does not exist: it never ends
    assert "p-art-4" in applies_on("2030-01-01", "gpai", version="original", content=c).ids()


# -- the law, case by case ------------------------------------------------------------------------
def test_annex_iii_amended_and_original():
    pid = "p-ch-iii-annex-iii"
    assert pid in applies_on("2027-12-01", "annex-iii").ids("not_yet")
    assert applies_on("2027-12-01", "annex-iii").entry(pid).start == D("2027-12-02")
    assert pid in applies_on("2027-12-02", "annex-iii").ids("in_force")
    assert pid in applies_on("2026-08-02", "annex-iii", version="original").ids("in_force")
    assert pid in applies_on("2026-08-01", "annex-iii", version="original").ids("not_yet")


def test_annex_i_amended_and_original():
    pid = "p-ch-iii-annex-i"
    assert applies_on("2028-08-01", "annex-i").entry(pid).start == D("2028-08-02")
    assert pid in applies_on("2028-08-02", "annex-i").ids("in_force")
    assert pid in applies_on("2027-08-02", "annex-i", version="original").ids("in_force")
    assert pid not in applies_on("2028-08-02", "annex-iii").ids("in_force")


def test_literacy_and_art_5_for_every_kind_and_version():
    for kind, version in itertools.product(KINDS, VERSIONS):
        r = applies_on("2025-02-02", kind, version=version)
        assert {"p-art-4", "p-art-5", "p-ch-i"} <= r.ids("in_force")
        assert r.entry("p-art-5").milestone == "chapters-i-ii"
        assert not applies_on("2025-02-01", kind, version=version).ids("in_force")
    # Art 4 stays in force; the amended law adds its new wording from the Omnibus
    amended = applies_on("2026-07-27", "gpai")
    assert {"p-art-4-amended", "p-art-4"} <= amended.ids("in_force")
    assert amended.entry("p-art-4").start == D("2025-02-02")
    original = applies_on("2030-01-01", "gpai", version="original")
    assert "p-art-4" in original.ids("in_force")
    assert "p-art-4-amended" not in original.ids("in_force") | original.ids("not_yet")


def test_new_prohibitions_only_in_the_amended_law():
    r = applies_on("2026-12-01", "prohibited")
    assert r.entry("p-art-5-new").start == D("2026-12-02")
    assert "p-art-5-new" in applies_on("2026-12-02", "prohibited").ids("in_force")
    orig = applies_on("2035-01-01", "prohibited", version="original")
    assert "p-art-5-new" not in orig.ids("in_force") | orig.ids("not_yet")
    # Art 5 applies whatever the flags: no transitional rule for prohibited practices
    legacy = applies_on("2025-02-02", "prohibited", on_market_before=True)
    assert legacy.transition is None and "p-art-5" in legacy.ids("in_force")


def test_gpai_before_and_after_the_chapter_v_date():
    new = applies_on("2025-08-02", "gpai")
    assert "p-ch-v" in new.ids("in_force") and new.cutoff == "gpai-governance"
    old = applies_on("2025-08-02", "gpai", on_market_before=True)
    e = old.entry("p-ch-v")
    assert e.start == D("2027-08-02") and e.milestone == "gpai-legacy"
    assert e.condition == "legacy-deadline" and "p-ch-v" in old.ids("not_yet")
    assert "p-ch-v" in applies_on("2027-08-02", "gpai", on_market_before=True).ids("in_force")
    assert applies_on("2026-08-01", "gpai").entry("p-art-101").start == D("2026-08-02")


def test_transparency_generative_grace_only_in_the_amended_law():
    flags = {"on_market_before": True, "generative": True}
    amended = applies_on("2026-08-02", "transparency", **flags)
    assert amended.legacy and amended.transition.id == "t-generative-legacy"
    assert "p-art-50" in amended.ids("in_force")  # the other Art 50 duties are not deferred
    assert amended.entry("p-art-50-2").start == D("2026-12-02")
    assert "p-art-50-2" in applies_on("2026-12-02", "transparency", **flags).ids("in_force")
    original = applies_on("2026-08-02", "transparency", version="original", **flags)
    assert original.transition is None and not original.legacy
    assert "p-art-50-2" in original.ids("in_force")
    # not generative: no grace
    plain = applies_on("2026-08-02", "transparency", on_market_before=True)
    assert not plain.legacy and "p-art-50-2" in plain.ids("in_force")


def test_art_111_2_public_legacy_and_significant_change():
    pid = "p-ch-iii-annex-iii"
    r = applies_on("2030-08-01", "public-legacy")
    assert r.on_market_before and r.public_authority and r.cutoff == "annex-iii-high-risk"
    assert r.entry(pid).start == D("2030-08-02") and r.entry(pid).condition == "public-deadline"
    assert pid in applies_on("2030-08-02", "public-legacy").ids("in_force")
    changed = applies_on("2027-12-02", "public-legacy", significant_change=True)
    assert changed.entry(pid).start == D("2027-12-02")
    assert changed.entry(pid).condition == "significant-change"
    # cut-off: the Chapter III date in the amended law, the general date in the original
    orig = applies_on("2030-08-02", "public-legacy", version="original")
    assert orig.cutoff == "general-application" and orig.cutoff_date() == D("2026-08-02")
    assert pid in orig.ids("in_force")
    annex_i_orig = applies_on("2026-08-02", "annex-i", version="original", on_market_before=True)
    assert annex_i_orig.cutoff_date() == D("2026-08-02")
    annex_i_amended = applies_on("2026-08-02", "annex-i", on_market_before=True)
    assert annex_i_amended.cutoff_date() == D("2028-08-02")
    # a significant change cannot bring the duties before their own start date
    e = applies_on(
        "2026-08-02", "annex-i", version="original", on_market_before=True, significant_change=True
    ).entry("p-ch-iii-annex-i")
    assert e.start == D("2027-08-02")


def test_existing_high_risk_system_without_change_has_no_date():
    r = applies_on("2040-01-01", "annex-iii", on_market_before=True)
    e = r.entry("p-ch-iii-annex-iii")
    assert e.start is None and e.condition == "only-after-significant-change"
    assert "p-ch-iii-annex-iii" in r.ids("not_yet")
    assert "p-art-5" in r.ids("in_force")


def test_annex_x_systems():
    old = applies_on("2030-12-30", "annex-x", on_market_before=True)
    assert old.cutoff == "annex-x-cutoff" and old.entry("p-ch-iii-annex-iii").start == D(
        "2030-12-31"
    )
    assert "p-ch-iii-annex-iii" in applies_on("2030-12-31", "annex-x", on_market_before=True).ids(
        "in_force"
    )
    new = applies_on("2027-12-02", "annex-x")
    assert "p-ch-iii-annex-iii" in new.ids("in_force")


# -- obligations from the catalogue -------------------------------------------------------------
def test_obligations_follow_applies_from(fixture_content):
    c = fixture_content

    def start(oid, day, kind, **kw):
        r = applies_on(day, kind, content=c, **kw)
        return r.entry(oid).start, r

    s, r = start("f-hr-risk", "2027-12-01", "annex-iii")
    assert s == D("2027-12-02") and "f-hr-risk" in r.ids("not_yet")
    assert "f-hr-risk" in applies_on("2027-12-02", "annex-iii", content=c).ids("in_force")
    assert "f-literacy" in r.ids("in_force") and r.entry("f-literacy").roles == ("provider",)
    assert start("f-hr-risk", "2026-08-02", "annex-iii", version="original")[0] == D("2026-08-02")
    assert start("f-hr-risk", "2020-01-01", "annex-i")[0] == D("2028-08-02")
    # an Annex III-only duty (no annex_i date) is not listed for Annex I systems
    with pytest.raises(KeyError):
        applies_on("2030-01-01", "annex-i", content=c).entry("f-art-6-4")
    # Art 111(2): public authorities by the obligation's legacy_public; without it only
    # after a significant change
    s, r = start("f-hr-risk", "2031-01-01", "public-legacy")
    assert s == D("2030-08-02") and r.entry("f-hr-importer").start is None
    assert start("f-hr-risk", "2031-01-01", "annex-iii", on_market_before=True)[0] is None
    s, _ = start("f-hr-importer", "2031-01-01", "public-legacy", significant_change=True)
    assert s == D("2027-12-02")
    # Art 111(3), (4) and (1)
    assert start("f-gpai-doc", "2026-01-01", "gpai", on_market_before=True)[0] == D("2027-08-02")
    assert start("f-gpai-sr", "2026-01-01", "gpai")[0] == D("2025-08-02")
    kw = {"on_market_before": True, "generative": True}
    assert start("f-tr-marking", "2026-01-01", "transparency", **kw)[0] == D("2026-12-02")
    assert start("f-tr-chatbot", "2026-01-01", "transparency", **kw)[0] == D("2026-08-02")
    s, _ = start("f-tr-marking", "2026-01-01", "transparency", version="original", **kw)
    assert s == D("2026-08-02")
    assert start("f-hr-risk", "2026-01-01", "annex-x", on_market_before=True)[0] == D("2030-12-31")
    # an obligation of the amended law only is absent from the original
    orig = applies_on("2035-01-01", "prohibited", version="original", content=c)
    assert "f-art5" in orig.ids("in_force") and "f-art5-new" not in orig.ids("not_yet")


def test_shipped_obligations_when_present(content):
    if not content.kind("obligations"):
        pytest.skip("no obligations catalogue in this content set")
    r = applies_on("2027-12-02", "annex-iii")
    assert any(e.source == "obligation" for e in r.in_force)
    before = applies_on("2027-12-01", "annex-iii")
    moved = {e.id for e in before.not_yet if e.source == "obligation"}
    assert moved and moved <= r.ids("in_force")


# -- bad input, data checks ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-02-30", "annex-iii"), "invalid date '2026-02-30'"),
        (("02-12-2027", "annex-iii"), "expected a calendar date as YYYY-MM-DD"),
        ((20271202, "annex-iii"), "invalid date 20271202"),
        (("2027-12-02", "annex-xx"), "unknown kind 'annex-xx'"),
    ],
)
def test_bad_input_is_a_clear_error(args, message):
    with pytest.raises(TimelineError, match=message.replace("(", r"\(")):
        applies_on(*args)


def test_bad_version():
    with pytest.raises(TimelineError, match="unknown version 'new'"):
        applies_on("2027-12-02", "gpai", version="new")
    with pytest.raises(TimelineError, match="unknown version"):
        milestones("2024")


def test_inconsistent_transition_data_is_reported(tmp_path):
    data = _timeline_items()
    for m in data["items"]:
        if m["id"] == "gpai-governance":
            m["transitions"][0]["provisions"] = ["p-nope"]
    c = _content_with_timeline(tmp_path, data)
    with pytest.raises(TimelineError, match="transition 't-gpai-legacy' names unknown provision"):
        applies_on("2027-01-01", "gpai", content=c)


def test_result_to_dict_is_json(content):
    r = applies_on("2027-12-02", "annex-iii", on_market_before=True, public_authority=True)
    data = json.loads(json.dumps(r.to_dict("en")))
    assert data["cutoff"] == {"milestone": "annex-iii-high-risk", "date": "2027-12-02"}
    assert data["transition"]["applied"] is True
    assert "2 August 2030" in data["transition"]["text"]  # placeholder rendered from the data


# -- what the 2026 amendment changed ----------------------------------------------------------
def test_changes_2026_lists_the_differences():
    changes = {c.id: c for c in changes_2026()}
    assert changes["annex-iii-high-risk"].type == "moved"
    assert (
        changes["annex-iii-high-risk"].date_original,
        changes["annex-iii-high-risk"].date_amended,
    ) == (
        D("2026-08-02"),
        D("2027-12-02"),
    )
    assert (
        changes["annex-i-high-risk"].date_original,
        changes["annex-i-high-risk"].date_amended,
    ) == (
        D("2027-08-02"),
        D("2028-08-02"),
    )
    assert changes["new-prohibitions"].type == "added"
    assert changes["new-prohibitions"].date_amended == D("2026-12-02")
    assert changes["generative-legacy"].type == "added"
    assert changes["cutoff:annex-iii"].kinds == ("annex-iii", "public-legacy")
    assert changes["cutoff:annex-iii"].date_amended == D("2027-12-02")
    assert changes["cutoff:annex-i"].date_amended == D("2028-08-02")
    # unchanged milestones are not listed
    assert "chapters-i-ii" not in changes and "public-legacy" not in changes


def test_changes_2026_is_computed_from_the_data(tmp_path):
    data = _timeline_items()
    for m in data["items"]:
        if m["id"] == "public-legacy":
            m["date_amended"] = dt.date(2031, 8, 2)
        if m["id"] == "sandboxes":
            m["date_amended"] = m["date_original"]
    c = _content_with_timeline(tmp_path, data)
    changes = {ch.id: ch for ch in changes_2026(c)}
    assert changes["public-legacy"].type == "moved"
    assert changes["public-legacy"].date_amended == D("2031-08-02")
    assert "sandboxes" not in changes


# -- CLI ------------------------------------------------------------------------------------------
def _sections(text):
    return {block.split("\n", 1)[0]: block for block in text.split("\n\n")}


def test_cli_annex_iii_on_2027_12_02_and_the_day_before(capsys):
    title = "Indeling, eisen en plichten voor hoog-risico-AI uit bijlage III"
    assert main(["timeline", "--on", "2027-12-02", "--kind", "annex-iii"]) == 0
    out = capsys.readouterr().out
    in_force = next(b for h, b in _sections(out).items() if h.startswith("In werking"))
    assert title in in_force
    assert "vanaf 2 december 2027" in in_force
    assert main(["timeline", "--on", "2027-12-01", "--kind", "annex-iii"]) == 0
    out = capsys.readouterr().out
    sections = _sections(out)
    not_yet = next(b for h, b in sections.items() if h.startswith("Nog niet in werking"))
    assert title in not_yet and "vanaf 2 december 2027" in not_yet
    in_force = next(b for h, b in sections.items() if h.startswith("In werking"))
    assert title not in in_force


def test_cli_original_gives_2026_for_annex_iii(capsys):
    args = ["timeline", "--on", "2026-08-01", "--kind", "annex-iii", "--original", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    entry = next(e for e in data["not_yet"] if e["id"] == "p-ch-iii-annex-iii")
    assert entry["start"] == "2026-08-02" and data["version"] == "original"
    assert main(["timeline", "--on", "2026-08-02", "--kind", "annex-iii", "--original"]) == 0
    out = capsys.readouterr().out
    in_force = next(b for h, b in _sections(out).items() if h.startswith("In werking"))
    assert "bijlage III" in in_force and "vanaf 2 augustus 2026" in in_force


def test_cli_flags_and_english(capsys):
    args = ["timeline", "--on", "2026-09-01", "--kind", "transparency", "--on-market-before"]
    assert main([*args, "--generative", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    not_yet = next(b for h, b in _sections(out).items() if h.startswith("Not yet in force"))
    assert "Art 50(2)" in not_yet and "from 2 December 2026" in not_yet
    assert "Transitional rule (Art. 111(4), applied to this system)" in out
    assert main([*args, "--generative", "--original", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "No transitional rule for existing systems" in out
    in_force = next(b for h, b in _sections(out).items() if h.startswith("In force"))
    assert "Art 50(2)" in in_force


def test_cli_milestones_and_changes(capsys):
    assert main(["timeline", "--on", "2026-12-02"]) == 0
    out = capsys.readouterr().out
    assert "[vandaag ] 2 december 2026: Nieuwe verboden" in out
    assert "[komt nog] 2 december 2027: Hoog-risico-AI-systemen uit bijlage III" in out
    assert main(["timeline", "--on", "2026-12-02", "--original", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {m["id"] for m in data["milestones"]}
    assert "new-prohibitions" not in ids and "annex-iii-high-risk" in ids
    assert main(["timeline", "--changes", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "High-risk AI systems listed in Annex III: 2 August 2026 → 2 December 2027" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "2027-13-01"], "invalid date '2027-13-01'"),
        (["--on", "tomorrow"], "expected a calendar date as YYYY-MM-DD"),
        (["--on", "2027-12-02", "--kind", "annex-ii"], "invalid choice: 'annex-ii'"),
        (["--on", "2027-12-02", "--lang", "de"], "invalid choice: 'de'"),
    ],
)
def test_cli_bad_arguments_exit_2(args, message, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["timeline", *args])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_cli_help_documents_kinds_and_flags(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["timeline", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in (*KINDS, "--on-market-before", "--public-authority", "--generative", "--original"):
        assert word in out


# -- widgets -------------------------------------------------------------------------------------
def test_chart_renders_headless_with_alt_text(content):
    from aiact_kit import timeline_chart
    from aiact_kit.widgets.timeline import chart_png

    png = chart_png("nl", "both", "2026-11-29")  # drawn by the chart worker process
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    w = timeline_chart("nl", today=date(2026, 11, 29))
    html = w.value
    assert '<img src="data:image/png;base64,' in html
    alt = html.split('alt="', 1)[1].split('"', 1)[0]
    assert "Vandaag: 29 november 2026" in alt
    for m in content.kind("timeline"):
        assert content.render(m.title, "nl").replace("'", "&#x27;") in alt, m.id
    assert "2 december 2027 (oorspronkelijk 2 augustus 2026)" in alt


def test_chart_versions_and_english(content):
    from aiact_kit.widgets.timeline import chart_alt_text, timeline_chart

    alt = chart_alt_text("en", "original", "2026-01-01")
    assert "High-risk AI systems listed in Annex III: 2 August 2026" in alt
    assert "Digital Omnibus" not in alt and "Today: 1 January 2026" in alt
    html = timeline_chart("en", "amended", "2026-01-01").value
    assert "High-risk AI systems listed in Annex III: 2 December 2027" in html
    with pytest.raises(ValueError, match="unknown version"):
        chart_alt_text("en", "newest")


def test_explorer_reacts_to_every_control():
    from aiact_kit import timeline_explorer

    e = timeline_explorer("en", day="2027-12-02", kind="gpai")
    assert e.date.value == date(2027, 12, 2) and e.kind.value == "gpai"
    assert "What applies on 2 December 2027" in e.panel.value
    assert "aiact-timeline-panel" in e.panel._dom_classes
    for control in (e.date, e.key_date, e.kind, e.version, *e.flags.values()):
        assert control.description  # every control is labelled
    e.kind.value = "annex-iii"
    e.date.value = date(2027, 12, 1)
    html = e.panel.value
    assert "What applies on 1 December 2027" in html
    assert html.index("Classification, requirements") > html.index("Not yet in force")
    e.date.value = date(2027, 12, 2)
    assert e.panel.value != html
    assert e.panel.value.index("Classification, requirements") < e.panel.value.index(
        "Not yet in force"
    )
    # version switch: on 1 September 2026 Annex III applies only in the original law
    e.date.value = date(2026, 9, 1)
    amended = e.panel.value
    e.version.value = "original"
    original = e.panel.value
    assert original != amended and "as first adopted" in original
    assert original.index("Classification, requirements") < original.index("Not yet in force")
    # flags
    e.version.value = "amended"
    e.kind.value = "transparency"
    before = e.panel.value
    e.on_market_before.value = True
    e.flags["generative"].value = True
    assert e.panel.value != before and "applied to this system" in e.panel.value
    # key dates jump the date picker
    target = next(v for label, v in e.key_date.options if v == date(2028, 8, 2))
    e.key_date.value = target
    assert e.date.value == date(2028, 8, 2)
    assert "What applies on 2 August 2028" in e.panel.value
    e.date.value = None
    assert "Choose a date" in e.panel.value


def test_changes_widget():
    from aiact_kit import changes_2026 as changes_widget

    html = changes_widget("nl").value
    row = next(r for r in html.split("<tr>") if "Hoog-risico-AI-systemen uit bijlage III" in r)
    assert "2 augustus 2026" in row and "2 december 2027" in row and "verschoven" in row
    assert "Nieuwe verboden" in html and "nieuw in 2026" in html
    assert "Markering door bestaande generatieve systemen" in html
    assert "What the Digital Omnibus" in changes_widget("en").value


def test_order_milestones_grades_with_the_quiz_engine():
    from aiact_kit import order_milestones

    seen = []
    unsubscribe = events.subscribe("answer", seen.append)
    try:
        ex = order_milestones("en", seed=3)
        right = [
            "chapters-i-ii",
            "gpai-governance",
            "general-application",
            "new-prohibitions",
            "annex-iii-high-risk",
            "annex-i-high-risk",
            "public-legacy",
        ]
        assert sorted(ex.positions) == sorted(right)
        # a doubled place is refused without using a try
        for sid in right:
            ex.positions[sid].value = 1
        assert ex.submit() is None and "only once" in ex.feedback.value
        # swap the two high-risk dates: wrong, one try left
        wrong = right[:4] + ["annex-i-high-risk", "annex-iii-high-risk", "public-legacy"]
        for i, sid in enumerate(wrong):
            ex.positions[sid].value = i + 1
        attempt = ex.submit()
        assert not attempt.result.correct and attempt.tries_left == 1
        assert "5 of 7 milestones in the right place" in ex.feedback.value
        for i, sid in enumerate(right):
            ex.positions[sid].value = i + 1
        attempt = ex.submit()
        assert attempt.result.correct and ex.check.disabled
        assert "2 December 2027: High-risk AI systems listed in Annex III" in ex.feedback.value
    finally:
        unsubscribe()
    assert [p["correct"] for p in seen] == [False, True]
    assert seen[0]["quiz_id"] == "timeline-order" and seen[0]["topic"] == "timeline"


def test_order_milestones_same_day_in_either_order_and_bad_ids():
    from aiact_kit.widgets.timeline import order_milestones

    ex = order_milestones("nl", ids=["generative-legacy", "new-prohibitions", "chapters-i-ii"])
    for order in (
        ["chapters-i-ii", "new-prohibitions", "generative-legacy"],
        ["chapters-i-ii", "generative-legacy", "new-prohibitions"],
    ):
        fresh = order_milestones(
            "nl", ids=["generative-legacy", "new-prohibitions", "chapters-i-ii"]
        )
        for i, sid in enumerate(order):
            fresh.positions[sid].value = i + 1
        assert fresh.submit().result.correct
    assert len(ex.positions) == 3
    with pytest.raises(ValueError, match="unknown milestone id"):
        order_milestones("nl", ids=["chapters-i-ii", "no-such-date"])
    with pytest.raises(ValueError, match="at least 2"):
        order_milestones("nl", ids=["chapters-i-ii"])


def test_lazy_exports():
    import aiact_kit

    for name in ("timeline_chart", "timeline_explorer", "changes_2026", "order_milestones"):
        assert callable(getattr(aiact_kit, name))


def test_labels_of_kinds_versions_and_conditions_come_from_the_catalogue():
    from aiact_kit.content.text import label, text
    from aiact_kit.engines.timeline import (
        CONDITIONS,
        condition_label,
        kind_label,
        version_label,
    )

    for lang in ("nl", "en"):
        for kind in KINDS:
            assert kind_label(kind, lang) == label("system_kind", kind, lang)
        for version in VERSIONS:
            assert version_label(version, lang) == label("law_version", version, lang)
        for condition in CONDITIONS:
            assert condition_label(condition, lang) == text(f"timeline.condition.{condition}", lang)
    assert kind_label("annex-iii", "en") == "High-risk AI system listed in Annex III"
    with pytest.raises(TimelineError, match="unknown condition"):
        condition_label("someday", "en")
    with pytest.raises(TimelineError, match="unknown kind"):
        kind_label("robot", "en")


def test_every_word_of_the_views_is_in_the_catalogue():
    import re
    from pathlib import Path

    from aiact_kit.content.text import catalogue
    from aiact_kit.widgets import timeline as views

    used = set()
    for path in Path(views.__file__).parent.glob("*.py"):
        used |= set(re.findall(r"\bword\(\s*[\"']([a-z_-]+)[\"']", path.read_text("utf-8")))
    assert {"chart_title", "what_applies", "order_title", "only_amended", "type_"} <= used
    used = {key for key in used if key != "type_"}  # word("type_" + change.type, lang):
    used |= {f"type_{t}" for t in ("moved", "added", "removed", "cutoff-moved")}
    assert not [key for key in used if f"timeline.{key}" not in catalogue()]
    # the table of words that older callers read (e.g. the worksheets' situation flags)
    assert views.WORDS["en"]["generative"] == "Generates synthetic content (generative)"
    assert set(views.WORDS["nl"]) == set(views.WORDS["en"])


def test_the_cached_ordering_question_names_existing_code_files():
    from aiact_kit.widgets.timeline.ordering import question_code_files

    files = question_code_files()
    assert len(files) > 3 and all(f.is_file() for f in files), files


def test_explorer_controls_wrap_and_show_their_labels():
    from aiact_kit.widgets.timeline import timeline_explorer

    w = timeline_explorer(lang="nl", day="2026-08-02")
    flag_row = next(c for c in w.children if w.flags["generative"] in getattr(c, "children", ()))
    assert flag_row.layout.flex_flow == "row wrap"
    assert w.kind.layout.width == "auto" and w.kind.style.description_width == "initial"
    assert w.key_date.label == "(kies een mijlpaal)" and w.key_date.value is None
    w.version.value = "original"
    assert w.key_date.label == "(kies een mijlpaal)"


def test_cutoff_changes_keep_the_capitals_of_the_kind():
    from aiact_kit.widgets.timeline import changes_html

    html = changes_html("nl")
    assert "Peildatum voor wat al in de handel was: Hoog-risico-AI-systeem uit bijlage III" in html
    assert "bijlage iii" not in html
