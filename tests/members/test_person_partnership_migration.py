"""The data migration that put every existing person in one partnership's register
(members 0004): where each goes, and how someone shared by two partnerships is divided."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.models import Membership, NolanUndertaking, Person
from tests.conftest import migration_targets_before

BEFORE = ("members", "0003_person_partnership_and_slug_per_partnership")


@pytest.mark.django_db(transaction=True)
def test_existing_people_are_placed_and_a_shared_person_is_divided_between_registers():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    targets = migration_targets_before(executor, BEFORE)
    executor.migrate(targets)
    try:
        old = executor.loader.project_state([t for t in targets if t[1] is not None]).apps
        Partnership = old.get_model("boards", "Partnership")
        Body = old.get_model("boards", "Body")
        OldPerson = old.get_model("members", "Person")
        HistoricalPerson = old.get_model("members", "HistoricalPerson")
        OldMembership = old.get_model("members", "Membership")
        OldUndertaking = old.get_model("members", "NolanUndertaking")
        OldInterest = old.get_model("members", "InterestEntry")
        User = old.get_model("auth", "User")

        ours = Partnership.objects.create(name="Ours", slug="ours", area="Ours", vision="v")
        theirs = Partnership.objects.create(name="Theirs", slug="theirs", area="Theirs", vision="v")
        our_officer = User.objects.create(username="our-officer")
        ours.officers.add(our_officer)
        our_board = Body.objects.create(partnership=ours, kind="board", name="Our Board", slug="board")
        their_board = Body.objects.create(partnership=theirs, kind="board", name="Their Board", slug="board")
        sharer_user = User.objects.create(username="sharer")

        def person(given, **extra):
            return OldPerson.objects.create(given_name=given, family_name="Person", slug=f"{given}-person", **extra)

        def seat(who, body, starts_on):
            OldMembership.objects.create(person=who, body=body, basis="expertise", starts_on=starts_on)

        seated = person("seated")
        seat(seated, our_board, dt.date(2026, 1, 1))
        sharer = person("sharer", email="sharer@example.org", user=sharer_user)
        seat(sharer, our_board, dt.date(2025, 1, 1))
        seat(sharer, their_board, dt.date(2026, 1, 1))
        OldUndertaking.objects.create(
            person=sharer,
            partnership=theirs,
            signed_on=dt.date(2026, 2, 1),
            text_signed="t",
            principles_acknowledged=[],
        )
        declared = person("declared")
        OldInterest.objects.create(
            person=declared, partnership=theirs, category="other", description="d", registered_on=dt.date(2026, 1, 1)
        )
        just_added = person("just-added")
        HistoricalPerson.objects.create(
            id=just_added.pk,
            given_name="just-added",
            family_name="Person",
            slug="just-added-person",
            history_date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            history_type="+",
            history_user=our_officer,
        )
        ids = {p.given_name: p.pk for p in (seated, sharer, declared, just_added)}
    finally:
        executor.loader.build_graph()
        executor.migrate(latest)

    placed = {p.pk: p.partnership.slug for p in Person.objects.select_related("partnership")}
    assert placed[ids["seated"]] == "ours"  # their seat
    assert placed[ids["declared"]] == "theirs"  # their interest
    assert placed[ids["just-added"]] == "ours"  # the officer who added them
    # The shared person stays where they first sat, with their sign-in; a copy takes Theirs' records.
    original = Person.objects.get(pk=ids["sharer"])
    copy = Person.objects.get(partnership__slug="theirs", slug="sharer-person")
    assert original.partnership.slug == "ours" and original.user.username == "sharer"
    assert copy.pk != original.pk and copy.user is None and copy.email == "sharer@example.org"
    assert set(Membership.objects.filter(person=original).values_list("body__partnership__slug", flat=True)) == {"ours"}
    assert list(Membership.objects.filter(person=copy).values_list("body__partnership__slug", flat=True)) == ["theirs"]
    assert NolanUndertaking.objects.get().person == copy
    assert "divided by partnership" in copy.history.get().history_change_reason
