"""/openreferral/services.json: each group as an Open Referral (HSDS 3.0) service.

Every test site's file is checked against the vendored HSDS 3.0 and Open Referral UK
compiled schemas with format checks on (ids must be UUIDs, links URIs), and each
meeting's schedule fields are expanded with dateutil and compared with sitegen's
own dates. Today is Thursday 26 November 2026.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from conftest import EXAMPLE_GROUP, NOW, REPO, write_files
from listing_rules import all_ids, hsds_problems, schedule_dates, validators
from sitegen.site.pipeline import check

LONDON = ZoneInfo("Europe/London")
GROUP = """\
name: Riverside Parents Together
tagline: Support for parents of autistic children
topics: [autism, parents]
area: Riverside, Nottingham
languages: [en, pl]
website: https://riversideparents.org.uk
contact:
  email: hello@riversideparents.org.uk
  phone: 0115 496 0000
  text: 07700 900123
venues:
  centre:
    name: Riverside Community Centre
    address: 12 Mill Lane, Nottingham NG1 1AA, UK
    access: Step-free entrance, hearing loop
    directions: Bus 36 stops outside.
  hall:
    name: St Mary's Hall
    address: Church Lane, Clifton
meetings:
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10am to 12 noon
    venue: centre
    skip: [2026-12-08]
    extra: [2026-12-22]
    cancelled:
      - date: 2027-02-09
        reason: The centre is closed for repairs
  - name: Sunday walk
    when: every Sunday
    time: 10.30am
    venue: Riverside Park gates
  - name: Hybrid chat
    when: every Monday and Thursday
    time: 19:00-21:00
    venue: hall
    online: https://meet.example.org/riverside
  - name: Dads' drop-in
    when: every other Saturday
    time: 10.30am to 12 noon
    venue: centre
    from: 2026-11-14
    until: 2027-06-26
  - name: Office hours
    when: every weekday
    time: 9am-5pm
    online: Ring the office and we will call you back
  - name: Night owls
    when: daily
    time: 8pm to midnight
  - name: Carers' evening
    when: 15th of every month
    time: 7pm
  - name: Bi-monthly talk
    when: first Monday every two months
    time: 7pm-8pm
    from: 2026-01-08
  - name: Six Fridays
    when: RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=60
    time: 11:00
  - name: Every third day
    when: every 3 days
    time: 12:00
    from: 2026-01-02
  - name: New Year swim
    when: RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1
    time: 11:00
events:
  - name: Christmas social
    date: 2026-12-19
    time: 2pm-5pm
    venue: centre
"""
# Rules HSDS has no fields for: each keeps its description and no freq.
NOT_EXPRESSIBLE = {"Every third day", "New Year swim"}


def _services(folder, now=NOW) -> tuple[list, object]:
    result = check(folder, now=now)
    return json.loads(result.files["openreferral/services.json"]), result


@pytest.fixture(scope="module")
def rules_group(tmp_path_factory):
    return write_files(tmp_path_factory.mktemp("hsds") / "group", {"group.yaml": GROUP})


@pytest.fixture(scope="module")
def built(rules_group):
    return _services(rules_group)


@pytest.fixture(scope="module")
def service(built) -> dict:
    [only] = built[0]
    return only


TEST_SITES = {"rules": None, "example-group": EXAMPLE_GROUP,
              "ur-group": REPO / "tests" / "sites" / "ur-group",
              "zh-group": REPO / "tests" / "sites" / "zh-group"}


@pytest.mark.parametrize("name", TEST_SITES)
def test_every_test_sites_services_json_is_valid_hsds_and_open_referral_uk(name, rules_group):
    services, _ = _services(TEST_SITES[name] or rules_group)
    assert hsds_problems(services) == []
    assert len(services) == 1


def test_the_schema_check_has_formats_on_so_a_wrong_id_or_link_fails(service):
    broken = copy.deepcopy(service)
    broken["id"] = "riverside-parents"
    broken["schedules"][0]["id"] = "12345678-1234-1234-1234-1234567890"  # too short
    broken["url"] = "not a link"
    problems = hsds_problems([broken])
    for validator in validators():
        assert any(f"{validator}: service 0: /id:" in p and "uuid" in p for p in problems)
        assert any(f"{validator}: service 0: /schedules/0/id:" in p for p in problems)
        assert any(f"{validator}: service 0: /url:" in p and "uri" in p for p in problems)


def test_ids_are_uuids_unique_in_the_file_and_the_same_in_every_build(rules_group, built):
    services, _ = built
    ids = all_ids(services)
    assert len(ids) == len(set(ids)) > 30
    assert all(uuid.UUID(value).version == 5 for value in ids)
    later, _ = _services(rules_group, NOW + timedelta(days=40))  # after the Christmas social
    assert all_ids(later)[:5] == ids[:5]
    assert {s["id"] for s in later[0]["schedules"]} < {s["id"] for s in services[0]["schedules"]}


def test_the_service_has_the_groups_facts_organisation_area_and_topics(service):
    assert service["name"] == "Riverside Parents Together"
    assert service["url"] == "https://riversideparents.org.uk/"
    assert service["status"] == "active"
    assert service["organization"]["name"] == "Riverside Parents Together"
    assert service["organization_id"] == service["organization"]["id"]
    assert [a["name"] for a in service["service_areas"]] == ["Riverside, Nottingham"]
    assert [a["taxonomy_term"]["name"] for a in service["attributes"]] == ["autism", "parents"]
    assert {a["link_id"] for a in service["attributes"]} == {service["id"]}
    assert [(p["number"], p["type"]) for p in service["phones"]] == [
        ("0115 496 0000", "voice"), ("07700 900123", "text")]
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("en", "English"), ("pl", "Polish")]


def test_a_topic_has_the_same_term_id_in_every_group(tmp_path, service):
    other = write_files(tmp_path / "other", {"group.yaml": (
        "name: Clifton Carers\ntopics: [Autism]\ncontact:\n  phone: 0115 496 0001\n")})
    [theirs], _ = _services(other)
    assert theirs["attributes"][0]["taxonomy_term_id"] == \
        service["attributes"][0]["taxonomy_term_id"]
    assert theirs["id"] != service["id"]


def test_the_email_stays_out_unless_the_group_lists_it(tmp_path, service):
    assert "email" not in json.dumps(service)
    listed = write_files(tmp_path / "listed", {"group.yaml": GROUP.replace(
        "  text: 07700 900123\n", "  text: 07700 900123\n  email_in_listings: yes\n")})
    [theirs], _ = _services(listed)
    assert theirs["email"] == theirs["organization"]["email"] == "hello@riversideparents.org.uk"
    assert hsds_problems([theirs]) == []


def _locations(service) -> dict[str, dict]:
    return {place["location"]["name"]: place["location"]
            for place in service["service_at_locations"]}


def test_a_uk_address_is_split_into_street_town_and_postcode(service):
    [address] = _locations(service)["Riverside Community Centre"]["addresses"]
    assert {k: address[k] for k in ("address_1", "city", "postal_code", "country")} == {
        "address_1": "12 Mill Lane", "city": "Nottingham", "postal_code": "NG1 1AA",
        "country": "GB"}


def test_an_address_without_a_postcode_is_kept_whole_in_words(service):
    hall = _locations(service)["St Mary's Hall"]
    assert "addresses" not in hall
    assert hall["description"] == "Church Lane, Clifton"


def test_access_facts_are_the_locations_accessibility(service):
    centre = _locations(service)["Riverside Community Centre"]
    assert [(a["description"], a["accessibility"]) for a in centre["accessibility"]] == [
        ("Step-free entrance", "Step-free entrance"), ("Hearing loop", "Hearing loop")]
    assert centre["description"] == "Bus 36 stops outside."


def test_online_meetings_are_virtual_locations(service):
    virtual = [place["location"] for place in service["service_at_locations"]
               if place["location"]["location_type"] == "virtual"]
    assert sorted((loc["description"], loc.get("url")) for loc in virtual) == [
        ("Ring the office and we will call you back", None),
        ("https://meet.example.org/riverside", "https://meet.example.org/riverside")]
    assert {loc["name"] for loc in virtual} == {"Online"}


def test_a_hybrid_meeting_has_a_schedule_at_each_of_its_places(service):
    places = {p["id"]: p["location"]["name"] for p in service["service_at_locations"]}
    hybrid = [s for s in service["schedules"]
              if s["schedule_link"].endswith("/meetings/hybrid-chat/")]
    assert sorted(places[s["service_at_location_id"]] for s in hybrid) == [
        "Online", "St Mary's Hall"]


def _schedules_by_meeting(service) -> dict[str, dict]:
    """The first schedule of each meeting, by the meeting's slug."""
    found: dict[str, dict] = {}
    for schedule in service["schedules"]:
        found.setdefault(schedule["schedule_link"].rsplit("/", 2)[1], schedule)
    return found


def test_each_meetings_schedule_fields_reproduce_its_rule(built):
    [service], result = built
    schedules = _schedules_by_meeting(service)
    checked = 0
    for schedule in result.site.schedules:
        fields = schedules[schedule.slug]
        if schedule.event or schedule.name in NOT_EXPRESSIBLE:
            continue
        ours = [o.day for o in schedule.upcoming if not o.extra]  # skipped ones included
        assert schedule_dates(fields, NOW.date(), len(ours)) == ours, schedule.name
        checked += 1
    assert checked == len(result.site.schedules) - len(NOT_EXPRESSIBLE) - 1


def test_schedules_agree_with_the_rule_for_three_years_not_just_the_next_dates(built):
    [service], result = built
    schedules = _schedules_by_meeting(service)
    for schedule in result.site.schedules:
        if schedule.event or schedule.name in NOT_EXPRESSIBLE:
            continue
        meeting = schedule.meeting
        ours = rrulestr(meeting.when.rrule, dtstart=datetime.combine(
            meeting.starts or datetime(2026, 1, 1).date(), datetime.min.time()))
        horizon = datetime(2029, 11, 26)
        if meeting.until:
            horizon = min(horizon, datetime.combine(meeting.until, datetime.min.time()))
        expected = [d.date() for d in ours.between(datetime(2026, 11, 26), horizon, inc=True)]
        assert schedule_dates(schedules[schedule.slug], NOW.date(), 10_000)[:len(expected)] \
            == expected, schedule.name


def test_rules_hsds_cannot_say_keep_their_words_and_no_repeat_fields(service):
    schedules = _schedules_by_meeting(service)
    for slug in ("every-third-day", "new-year-swim"):
        assert "freq" not in schedules[slug] and "dtstart" not in schedules[slug]
        assert schedules[slug]["description"]


def test_daily_becomes_weekly_on_every_day_as_hsds_has_no_daily(service):
    night = _schedules_by_meeting(service)["night-owls"]
    assert (night["freq"], night["byday"]) == ("WEEKLY", "MO,TU,WE,TH,FR,SA,SU")
    assert (night["opens_at"], night["closes_at"]) == ("20:00+00:00", "00:00+00:00")


def test_an_ending_series_has_until_and_valid_to(service):
    dads = _schedules_by_meeting(service)["dads-drop-in"]
    assert (dads["dtstart"], dads["until"], dads["valid_to"], dads["interval"]) == (
        "2026-11-14", "2027-06-26", "2027-06-26", 2)


def test_times_carry_the_utc_offset_of_the_next_date(tmp_path, service):
    coffee = _schedules_by_meeting(service)["coffee-morning"]
    assert (coffee["opens_at"], coffee["closes_at"]) == ("10:00+00:00", "12:00+00:00")
    [summer], _ = _services(write_files(tmp_path / "g", {"group.yaml": GROUP}),
                            datetime(2027, 5, 1, 9, 0, tzinfo=LONDON))
    assert _schedules_by_meeting(summer)["coffee-morning"]["opens_at"] == "10:00+01:00"


def test_each_schedule_says_itself_in_words_and_links_the_meetings_page(service):
    coffee = _schedules_by_meeting(service)["coffee-morning"]
    assert coffee["description"] == \
        "Second Tuesday of every month, 10am to 12 noon, Riverside Community Centre."
    assert coffee["schedule_link"] == "https://riversideparents.org.uk/meetings/coffee-morning/"


def test_a_one_off_event_is_one_date_without_a_repeat(service):
    social = _schedules_by_meeting(service)["christmas-social"]
    assert "freq" not in social
    assert (social["dtstart"], social["valid_from"], social["valid_to"]) == (
        "2026-12-19", "2026-12-19", "2026-12-19")


def test_the_openreferral_folder_says_which_version_and_profile(built):
    about = json.loads(built[1].files["openreferral/index.json"])
    assert about == {"version": "3.0", "profile": "https://github.com/OpenReferralUK/uk-profile"}


def test_a_group_without_meetings_or_website_is_still_a_valid_service(make_group):
    services, result = _services(make_group())
    assert hsds_problems(services) == []
    assert "url" not in services[0] and "schedules" not in services[0]
    assert json.loads(result.files["meetings.json"]) == []
