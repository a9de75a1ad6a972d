#!/usr/bin/env python3
"""Write N realistic, made-up group folders: a directory for sitegen to build.

    python3 benchmarks/make_groups.py FOLDER --groups 200 --seed 2026

Each group has a name made from its place and topic, a tagline, topics, an
area, one or two venues, one to three meetings with rules in plain words
(weekly, fortnightly, monthly by weekday or date, every two months), times
written the many ways volunteers write them, sometimes an event, a few pages
and sometimes a news post. The same seed always gives the same folders.
`make_groups()` is what tests/test_directory.py uses.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from pathlib import Path

# (topic words for `topics:`, the name's noun phrase, a tagline)
TOPICS = [
    (["aphasia", "stroke"], "Aphasia Café", "Conversation and company after a stroke"),
    (["cancer", "peer support"], "Cancer Support Group", "Talking with people who know"),
    (["diabetes"], "Diabetes Group", "Sharing what helps with type 1 and type 2 diabetes"),
    (["drugs and alcohol", "recovery"], "Recovery Group", "Staying well, one day at a time"),
    (["ME", "chronic fatigue"], "ME Support", "Gentle support for people with ME/CFS"),
    (["vertigo", "balance"], "Vertigo Group", "Living with dizziness and balance problems"),
    (["mental health", "peer support"], "Mental Health Peer Group", "Somewhere to be understood"),
    (["Chinese community", "isolation"], "Chinese Friendship Circle", "Tea, talk and help in Cantonese and Mandarin"),
    (["gay men", "isolation"], "Gay Men's Social", "A friendly evening for gay and bi men"),
    (["autism", "parents"], "Parents Together", "Coffee, chat and support for parents of autistic children"),
    (["South Asian women", "isolation"], "Asian Women's Group", "A safe space for South Asian women"),
    (["family carers", "carers"], "Carers' Circle", "Time out for people caring for someone"),
    (["dementia", "carers"], "Dementia Carers' Café", "Support for families living with dementia"),
    (["bereavement"], "Bereavement Group", "Company and understanding after a loss"),
    (["Parkinson's"], "Parkinson's Group", "Exercise, talks and friendship"),
    (["hearing loss"], "Hard of Hearing Club", "Lip-reading practice and tips"),
    (["anxiety", "mental health"], "Anxiety Support", "Small steps, with people who get it"),
    (["epilepsy"], "Epilepsy Support", "Information and friendship for people with epilepsy"),
    (["sight loss"], "Sight Loss Group", "Help and company for people losing their sight"),
    (["ADHD", "parents"], "ADHD Parents", "Parents of children with ADHD, supporting each other"),
]
AREAS = [
    ("Riverside", "Nottingham", "NG1"), ("Clifton", "Nottingham", "NG11"),
    ("Bulwell", "Nottingham", "NG6"), ("Beeston", "Nottingham", "NG9"),
    ("Sneinton", "Nottingham", "NG2"), ("Hyson Green", "Nottingham", "NG7"),
    ("Arnold", "Nottingham", "NG5"), ("Chelmsford", "Essex", "CM1"),
    ("Colchester", "Essex", "CO1"), ("Basildon", "Essex", "SS14"),
    ("Harlow", "Essex", "CM20"), ("Southend", "Essex", "SS1"), ("Braintree", "Essex", "CM7"),
    ("Brentwood", "Essex", "CM14"), ("Witham", "Essex", "CM8"),
]
VENUES = ["Community Centre", "Library, upstairs room", "Methodist Church Hall",
          "Health Centre, Room 2", "Leisure Centre café", "Quaker Meeting House",
          "Carers' Hub", "Hospital, Outpatients seminar room"]
STREETS = ["Mill Lane", "Bridge Street", "Station Road", "High Street", "Church Walk",
           "Park Road", "Victoria Street", "Queens Road"]
ACCESS = ["Step-free entrance, hearing loop, accessible toilet", "Lift to the first floor",
          "Parking, step-free", "Quiet room, accessible toilet", "Hearing loop, BSL on request",
          "Women only, children welcome", ""]
SECOND_GROUPS = ["North", "South", "East", "West", "Central", "Evenings", "Weekends",
                 "Young Adults", "Over 60s", "Women", "Men", "Online", "Daytime", "Newcomers",
                 *(f"Group {n}" for n in range(2, 400))]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
# (rule, needs `from:`)
RULES = [("every {day}", False), ("{day}s", False), ("weekly on {day}", False),
         ("every other {day}", True), ("fortnightly on {day}", True),
         ("first {day} of the month", False), ("second {day} of the month", False),
         ("last {day} of the month", False), ("second and fourth {day}", False),
         ("1st & 3rd {short}", False), ("every month on the 15th", False),
         ("first {day} every two months", True), ("every weekday", False)]
TIMES = ["10:00-12:00", "7pm-9pm", "7.30pm to 9pm", "2pm-4pm", "10am to 12 noon", "19:00-21:00",
         "6.30pm-8pm", "11am-1pm", "1.30pm to 3pm", "7:30pm"]
MEETING_NAMES = ["Monthly meeting", "Coffee morning", "Drop-in", "Evening chat", "Walk and talk",
                 "Peer support meeting", "Social", "Online chat"]
FIRST = ["Sue", "Imran", "Pat", "Mei", "Jas", "Tom", "Ola", "Dev", "Ann", "Kofi"]
PAGES = {
    "about": ("About us", "We started {year} when a few of us met at {venue}. Today {members} "
                          "people come along. Everyone is welcome; you do not have to talk."),
    "what-to-expect": ("What to expect", "A volunteer meets you at the door. There is tea and "
                                         "coffee, and time to talk or just listen."),
    "getting-here": ("Getting here", "{venue} is on {street}. Buses stop outside; there is "
                                     "parking at the back."),
    "useful-links": ("Useful links", "- [NHS](https://www.nhs.uk/)\n- [Citizens Advice]"
                                     "(https://www.citizensadvice.org.uk/)"),
}


def make_groups(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write `count` group folders into `folder`; return them, the same for the same seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made, names = [], set()
    for number in range(count):
        topics, noun, tagline = rng.choice(TOPICS)
        place, town, postcode = rng.choice(AREAS)
        name = f"{place} {noun}"
        for extra in SECOND_GROUPS:  # the same place and topic again: another group
            if name not in names:
                break
            # Worded so that no group's name holds another's: tests look for names.
            name = f"{noun}, {place} {extra}"
        names.add(name)
        group = folder / _slug(name)
        write_group(group, rng, name, topics, tagline, place, town, postcode, number)
        made.append(group)
    return made


def write_group(group: Path, rng: random.Random, name: str, topics: list[str], tagline: str,
                place: str, town: str, postcode: str, number: int) -> None:
    """Write one group folder: group.yaml, a few pages, sometimes a news post."""
    (group / "pages").mkdir(parents=True, exist_ok=True)
    venue = f"{place} {rng.choice(VENUES)}"
    street = rng.choice(STREETS)
    slug = _slug(name)
    lines = [f"name: {_quote(name)}", f"tagline: {_quote(tagline)}",
             f"topics: [{', '.join(_quote(t) for t in topics)}]",
             f"area: {_quote(place + ', ' + town)}", "timezone: Europe/London"]
    if rng.random() < 0.6:
        lines.append(f"website: https://{slug}.example.org")
    lines += ["contact:", f"  phone: 0{rng.randint(1000, 1999)} {rng.randint(100, 999)} "
              f"{rng.randint(1000, 9999)}"]
    if rng.random() < 0.7:
        lines.append(f"  email: hello@{slug}.example.org")
    if rng.random() < 0.5:
        lines.append(f"  note: Not online? Ring {rng.choice(FIRST)} on the number above.")
    access = rng.choice(ACCESS)
    lines += ["venues:", "  main:", f"    name: {_quote(venue)}",
              f"    address: {rng.randint(1, 120)} {street}, {town} {postcode} "
              f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
              f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"]
    if access:
        lines.append(f"    access: {access}")
    lines += ["meetings:"] + _meetings(rng)
    if rng.random() < 0.3:
        lines += ["events:", "  - name: Summer picnic", f"    date: 2027-0{rng.randint(6, 8)}-"
                  f"{rng.randint(10, 28)}", "    time: 1pm-4pm", "    venue: main"]
    (group / "group.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for page in rng.sample(sorted(PAGES), rng.randint(2, 4)):
        title, text = PAGES[page]
        body = text.format(year=2000 + rng.randint(0, 24), venue=venue, street=street,
                           members=rng.randint(8, 30))
        (group / "pages" / f"{page}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    if rng.random() < 0.4:
        (group / "news").mkdir(exist_ok=True)
        (group / "news" / f"2026-{rng.randint(1, 10):02d}-{rng.randint(10, 28)}-welcome.md") \
            .write_text(f"# Welcome to {name}'s new website\n\nOur dates are here now.\n",
                        encoding="utf-8")


def _meetings(rng: random.Random) -> list[str]:
    lines = []
    for index in range(rng.choice([1, 1, 1, 2, 2, 3])):
        rule, needs_start = rng.choice(RULES)
        day = rng.choice(DAYS)
        lines += [f"  - name: {MEETING_NAMES[(index + rng.randint(0, 7)) % len(MEETING_NAMES)]}",
                  f"    when: {rule.format(day=day, short=day[:3])}",
                  f"    time: {rng.choice(TIMES)}"]
        if "Online" in lines[-3]:
            lines.append("    online: Zoom link sent by email when you get in touch")
        else:
            lines.append("    venue: main")
        if needs_start:
            lines.append(f"    from: 2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)}")
    return lines


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--groups", type=int, default=20, help="how many (default 20)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    made = make_groups(args.folder, args.groups, args.seed)
    print(f"Wrote {len(made)} group folders into {args.folder}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
