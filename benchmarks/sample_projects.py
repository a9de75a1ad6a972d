"""The sample projects build_speed.py times: the same generated pages for each generator.

make_pages() writes N pages of varied Markdown (front matter, paragraphs with
bold, italics and links, headings, lists, a table) from random.Random(seed),
so they are the same on every run and every machine; write_sitegen(),
write_hugo(), write_pelican() and write_mkdocs() lay them out as each tool's
smallest usual project.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------- the pages

@dataclass
class SamplePage:
    slug: str
    title: str
    description: str
    date: dt.date
    body: str  # Markdown, without a title heading


_SUBJECTS = [
    "school transport", "the first meeting", "benefits forms", "respite care", "sleep",
    "money worries", "talking to your GP", "the waiting list", "starting secondary school",
    "siblings", "grandparents", "work and caring", "holidays", "the dentist", "haircuts",
    "food and mealtimes", "meltdowns", "screen time", "friendships", "appeals",
    "the annual review", "carer's allowance", "short breaks", "direct payments",
    "college", "getting a diagnosis", "speech therapy", "occupational therapy",
    "the hospital", "bus passes", "Blue Badges", "housing", "moving house", "volunteering",
    "our helpline", "the summer picnic", "fundraising", "the committee", "safeguarding",
    "looking after yourself",
]
_ANGLES = [
    "A beginner's guide to", "Questions about", "What we learned about", "Help with",
    "Your rights and", "Notes from our talk on", "Parents' tips on", "Where to start with",
    "Common worries about", "Checklist:", "Stories from members:", "Local services for",
    "A year of", "Myths about", "Planning ahead for", "Frequently asked: ", "Sue's notes on",
    "Getting support with", "Forms and letters for", "Useful contacts for",
    "What to ask about", "A short history of", "Volunteers' guide to", "Quick facts on",
    "Being heard about", "Money and", "Paperwork for", "After a bad day:", "Good news about",
    "Plain answers on",
]
_WHO = ["Many parents", "Our members", "Sue", "Imran", "The coordinator", "A volunteer",
        "One dad", "Most families", "The school nurse", "Our speaker", "Nobody", "Everyone"]
_DID = ["found that", "told us that", "suggests that", "remembers that", "was surprised that",
        "agrees that", "learned the hard way that", "often says that", "wrote to say that"]
_WHAT = [
    "the forms take longer than you expect", "it helps to keep a diary of what happens",
    "a short phone call can save weeks of letters", "you can bring a friend to any meeting",
    "the council has a duty to reply within twenty working days",
    "asking twice is perfectly normal", "small routines make mornings easier",
    "the library lends sensory toys for free", "nobody has to speak at a meeting",
    "copies of every letter are worth keeping", "a quiet room makes a big difference",
    "the helpline is open on weekday evenings", "waiting lists are shorter in spring",
    "you are entitled to ask for reasonable adjustments", "grandparents want to help too",
    "the bus company offers a companion pass", "tea and biscuits solve most problems",
]
_TAILS = ["", "", " in the end", " after a few months", " most of the time",
          " when you least expect it", " if you ask early", " for younger children",
          " at least in Nottingham", " according to the latest guidance"]
_ORGS = [
    ("National Autistic Society", "https://www.autism.org.uk/"),
    ("IPSEA", "https://www.ipsea.org.uk/"),
    ("Contact", "https://contact.org.uk/"),
    ("Carers UK", "https://www.carersuk.org/"),
    ("Citizens Advice", "https://www.citizensadvice.org.uk/"),
    ("Mind", "https://www.mind.org.uk/"),
    ("Scope", "https://www.scope.org.uk/"),
    ("Turn2us", "https://www.turn2us.org.uk/"),
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
_TIMES = ["9:30am", "10am", "1pm", "2.30pm", "6pm", "7.30pm"]
_PLACES = ["Riverside Community Centre", "Riverside Library", "online", "St Mary's Hall",
           "the café on Bridge Street", "the school hall"]


def make_pages(count: int, seed: int) -> list[SamplePage]:
    """`count` pages of varied, realistic Markdown; the same for the same seed."""
    rng = random.Random(seed)
    titles = [f"{angle} {subject}" for angle in _ANGLES for subject in _SUBJECTS]
    rng.shuffle(titles)
    pages, used = [], set()
    for number in range(count):
        title = titles[number % len(titles)]
        if number >= len(titles):
            title += f" (part {number // len(titles) + 1})"
        title = title[0].upper() + title[1:]
        slug = _slugify(title)
        while slug in used:
            slug += "-x"
        used.add(slug)
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        description = _sentence(rng).rstrip(".") + "."
        pages.append(SamplePage(slug, title, description, day, _body(rng, title)))
    return pages


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHAT)}{rng.choice(_TAILS)}."


def _paragraph(rng: random.Random, links: bool = False) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.5:
        i = rng.randrange(len(sentences))
        sentences[i] = "**" + sentences[i][:-1] + "**."
    if rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        sentences[i] = sentences[i][:-1] + ' ("it *really* helped")' + "."
    if links:
        name, url = rng.choice(_ORGS)
        sentences.insert(rng.randrange(len(sentences) + 1),
                         f"[{name}]({url}) has more about this.")
    # Wrapped like a person's editor would, at about 80 characters.
    words, lines, line = " ".join(sentences).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def _body(rng: random.Random, title: str) -> str:
    parts = [_paragraph(rng), _paragraph(rng, links=True),
             f"## What happens at {rng.choice(_PLACES).replace('online', 'an online meeting')}",
             _paragraph(rng),
             "\n".join(f"- {rng.choice(_WHAT).capitalize()}{rng.choice(_TAILS)}."
                       for _ in range(rng.randint(3, 7)))]
    if rng.random() < 0.5:
        parts += ["### Step by step",
                  "\n".join(f"{i}. {rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHAT)}."
                            for i in range(1, rng.randint(3, 6)))]
    rows = [f"| {rng.choice(_DAYS)} | {rng.choice(_TIMES)} | {rng.choice(_PLACES)} |"
            for _ in range(rng.randint(3, 6))]
    parts += ["## When and where",
              "\n".join(["| Day | Time | Place |", "| --- | --- | --- |", *rows])]
    parts += [_paragraph(rng), "## Useful links",
              "\n".join(f"- [{name}]({url}) – {rng.choice(_WHAT)}."
                        for name, url in rng.sample(_ORGS, rng.randint(2, 4))),
              f"Questions about {title.lower()}? Email "
              "[hello@example.org](mailto:hello@example.org) or ring 0115 496 0000."]
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------- one folder per tool

def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


GROUP_YAML = """\
name: Benchmark Parents Together
tagline: A generated group for timing sitegen
area: Riverside, Nottingham
timezone: Europe/London
website: https://bench.example.org
contact:
  email: hello@example.org
  phone: 0115 496 0000
venues:
  centre:
    name: Riverside Community Centre
    address: 12 Mill Lane, Nottingham NG1 1AA
meetings:
  - name: Coffee morning
    when: second Tuesday of the month
    time: 10:00-12:00
    venue: centre
"""


def write_sitegen(pages: list[SamplePage], folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True)
    (folder / "group.yaml").write_text(GROUP_YAML, encoding="utf-8")
    for page in pages:
        (folder / "pages" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_yaml_str(page.title)}\ndescription: {_yaml_str(page.description)}\n"
            f"---\n{page.body}", encoding="utf-8")
    return folder


def write_pelican(pages: list[SamplePage], folder: Path) -> Path:
    (folder / "content").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        'SITENAME = "Benchmark Parents Together"\nPATH = "content"\n'
        'TIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\n'
        # No SITEURL, so no feeds (Pelican warns about feeds without one).
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n", encoding="utf-8")
    for page in pages:
        (folder / "content" / f"{page.slug}.md").write_text(
            f"Title: {page.title}\nDate: {page.date.isoformat()} 10:00\nSlug: {page.slug}\n"
            f"Summary: {page.description}\n\n{page.body}", encoding="utf-8")
    return folder


def write_mkdocs(pages: list[SamplePage], folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Benchmark Parents Together\ndocs_dir: docs\n", encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Benchmark Parents Together\n\nWelcome.\n",
                                              encoding="utf-8")
    for page in pages:
        (folder / "docs" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_yaml_str(page.title)}\ndescription: {_yaml_str(page.description)}\n"
            f"---\n# {page.title}\n\n{page.body}", encoding="utf-8")
    return folder


HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
""",
    "single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(pages: list[SamplePage], folder: Path) -> Path:
    # Hugo ships no theme, so the project has the three smallest useful templates.
    (folder / "content").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\nlanguageCode = "en-gb"\n'
        'title = "Benchmark Parents Together"\n', encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (folder / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    for page in pages:
        (folder / "content" / f"{page.slug}.md").write_text(
            f"---\ntitle: {_yaml_str(page.title)}\ndescription: {_yaml_str(page.description)}\n"
            f"date: {page.date.isoformat()}\n---\n{page.body}", encoding="utf-8")
    return folder
