"""The `sitegen` command: new, build, check, serve, remind, keys, publish."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from typing import TYPE_CHECKING

from sitegen import __version__

# The slow imports (the pipeline, the directory, publishing) are made by the commands
# that need them, so that a build with nothing to do answers in a fraction of a second.
from sitegen.core.cache import forget_old_entries
from sitegen.core.folders import is_directory_folder
from sitegen.core.problems import Problem, SiteError
from sitegen.publish import github_actions
from sitegen.remind.formats import FORMATS, SEPARATOR, as_sms
from sitegen.site import uptodate

if TYPE_CHECKING:
    from sitegen.publish.source import SitegenSource

STARTER = Path(__file__).resolve().parent / "starter"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    args.started = time.perf_counter()
    try:
        return args.run(args)
    except SiteError as error:
        _print_problems(error.problems)
        github_actions.report_failure(error.problems)
        print(f"\n{_count(error.problems, 'problem')} found. "
              + getattr(args, "after_problems", "Nothing was written; the previous site is "
                        "unchanged."), file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last guard: whatever is left is sitegen's own fault
        print(_fault_paragraph(args, argv, error), file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 2


# What each command was doing, for the paragraph about a fault in sitegen.
_DOING = {"new": "making the folder {folder}", "build": "building the site from {folder}",
          "check": "checking {folder}", "serve": "previewing {folder}",
          "keys": "listing the keys", "publish": "publishing {folder}"}


def _fault_paragraph(args: argparse.Namespace, argv: list[str], error: Exception) -> str:
    """One plain paragraph: what sitegen was doing, whose fault it is, how to report it."""
    doing = _DOING.get(args.command, "running `sitegen {command}`").format(
        folder=getattr(args, "folder", ""), command=args.command)
    again = " ".join(["sitegen", "--debug", *(word for word in argv if word != "--debug")])
    return (f"sitegen stopped while {doing}: something went wrong inside sitegen "
            f"({type(error).__name__}: {error}). This is a fault in sitegen, not in your "
            f"group's files. Please report it: run `{again}` and send everything it prints "
            "to the sitegen project, or to whoever set sitegen up for you.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a website, meeting "
                                     "calendar and poster for a self-help group.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="start a new group folder")
    new.add_argument("folder", type=Path)
    new.add_argument("--github", action="store_true", help="also add what a GitHub repository "
                     "needs to build and publish the site: a workflow, .gitignore and README.md")
    _add_sitegen_from(new)
    new.set_defaults(run=run_new)

    build = commands.add_parser("build", help="build the website into FOLDER/_site")
    build.add_argument("folder", type=Path, nargs="?", default=Path("."))
    build.add_argument("--out", type=Path, help="write the site here instead")
    build.add_argument("--no-pdf", action="store_true", help="make no PDFs (poster, leaflet, "
                       "directory booklet): faster")
    build.add_argument("--force", action="store_true", help="build every page again, even if "
                       "nothing has changed since the last build")
    build.add_argument("--jobs", type=_at_least_one, metavar="N", help="use N processes: N pages (or, "
                       "for a folder of groups, N groups) at a time (default: one per core)")
    build.set_defaults(run=run_build)

    check = commands.add_parser("check", help="check the group folder without writing anything")
    check.add_argument("folder", type=Path, nargs="?", default=Path("."))
    check.set_defaults(run=run_check)

    serve = commands.add_parser("serve", help="preview the website in your browser; it "
                                "updates as you save")
    serve.add_argument("folder", type=Path, nargs="?", default=Path("."))
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--open", action="store_true", help="open the preview in your browser")
    serve.add_argument("--host", help="listen on this address instead, such as 0.0.0.0 for other "
                       "devices on your network (default: this computer only, 127.0.0.1)")
    serve.add_argument("--edit", action="store_true", help="with --host: let other devices use "
                       "the editor at /edit/ too, after typing a code shown here")
    serve.set_defaults(run=run_serve)
    remind = _remind_parser(commands)
    keys = commands.add_parser("keys", help="list every key group.yaml, page front matter and "
                               "directory.yaml can hold")
    keys.add_argument("--markdown", action="store_true", help="as Markdown tables")
    keys.set_defaults(run=run_keys)
    publish = _publish_parser(commands)
    for sub in (new, build, check, serve, remind, keys, publish):
        # SUPPRESS: a subcommand without --debug keeps `sitegen --debug build`'s flag.
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help="show tracebacks")
    return parser


def _remind_parser(commands) -> argparse.ArgumentParser:
    remind = commands.add_parser("remind", help="print ready-to-send reminders for the coming "
                                 "meeting dates, to paste into WhatsApp, a text or an email")
    remind.add_argument("folder", type=Path, nargs="?", default=Path("."))
    remind.add_argument("--days", type=_days, default=7, metavar="N",
                        help="how many days ahead, from --date (default 7)")
    remind.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                        help="start from this date instead of today")
    remind.add_argument("--as", dest="style", choices=sorted(FORMATS), default="whatsapp",
                        help="whatsapp (with *bold*, the default), sms (one text message "
                        "each, shortened to fit) or email (a Subject: line, then the text)")
    remind.add_argument("--meeting", metavar="NAME", help="only this meeting or event")
    remind.set_defaults(run=run_remind, after_problems="No messages were written.")
    return remind


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date: write it like 2026-12-24')


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of days: write it like 7')
    return int(text)


def _publish_parser(commands) -> argparse.ArgumentParser:
    publish = commands.add_parser("publish", help="put the website online: GitHub Pages, "
                                  "Netlify, your web host by FTP/SFTP, or a zip to upload")
    publish.add_argument("folder", type=Path, nargs="?", default=Path("."))
    publish.add_argument("--to", required=True, metavar="TARGET",
                         help="github-pages, netlify, zip, or your web host's address like "
                         "ftp://USER@ftp.example.org/public_html (also ftps://, sftp://); the "
                         "password comes from SITEGEN_PASSWORD or is asked for")
    publish.add_argument("--dry-run", action="store_true",
                         help="only say what would change; change nothing")
    publish.add_argument("--out", type=Path, help="with --to zip: where to write the zip "
                         "(default FOLDER/site.zip)")
    _add_sitegen_from(publish)
    publish.set_defaults(run=run_publish, after_problems="Publishing stopped there.")
    return publish


def _add_sitegen_from(command: argparse.ArgumentParser) -> None:
    command.add_argument("--sitegen-from", metavar="ADDRESS",
                         help="for GitHub and Netlify: the sitegen on GitHub they use, like "
                         "https://github.com/OWNER/sitegen@main (default: this sitegen's "
                         "home); for Netlify also anything pip installs")


def run_new(args) -> int:
    """Copy the starter group folder; with --github, add what its GitHub repository needs."""
    folder: Path = args.folder
    if folder.exists() and any(folder.iterdir()):
        raise SiteError([Problem(folder, None, None, "already exists and is not empty. "
                                 "Choose a new folder name.")])
    from sitegen.publish.source import sitegen_source

    # Asked before copying: a missing address must not leave a half-made folder.
    source = sitegen_source(args.sitegen_from) if args.github else None
    shutil.copytree(STARTER, folder, dirs_exist_ok=True)
    if source is not None:
        return run_new_github(folder, source)
    print(f"Made {folder}/. Next:\n"
          f"  1. Open {folder / 'group.yaml'} and put in your group's name, contact and meetings.\n"
          f"  2. Edit or add pages in {folder / 'pages'}/ (plain Markdown).\n"
          f"  3. Run: sitegen build {folder}\n"
          f"Your website will be in {folder / '_site'}/.")
    return 0


def run_new_github(folder: Path, source: SitegenSource) -> int:
    """Add the workflow, .gitignore and README, and say how to put the folder on GitHub."""
    from sitegen.publish.targets import start_github_repository  # see run_publish

    result = start_github_repository(folder, source)
    print(f"Made {folder}/. Change the words in {folder / 'group.yaml'} now, or later on "
          "github.com (its README.md says how).")
    print("\n".join(result.lines))
    return 0


def run_build(args) -> int:
    """Build the site (or, for a folder of group folders, every group's and a directory)."""
    if is_directory_folder(args.folder):
        return run_directory_build(args)
    out = args.out or args.folder / "_site"
    pdf = not args.no_pdf
    key = uptodate.build_key(args.folder, out, pdf)
    last = None if args.force else uptodate.unchanged_build(key, out)
    if last:
        print(last.warnings, end="", file=sys.stderr)
        print(f"Nothing has changed since the last build: the {_count(range(last.pages), 'page')} "
              f"in {out}/ are up to date. (`sitegen build --force` builds them again anyway.)")
        print(last.reminders, end="")
        return 0
    from sitegen.site import pipeline

    result = pipeline.build(args.folder, out, pdf=pdf, jobs=args.jobs)
    forget_old_entries()
    _print_problems(result.warnings)
    github_actions.report_build(result)
    print(f"Built {_count(range(result.page_count), 'page')} in "
          f"{time.perf_counter() - args.started:.2f} s into {out}/.")
    reminders = _this_week(result.site)
    print(reminders, end="")
    if not result.pdfs_missing and not github_actions.GitHubRun.from_environment():
        uptodate.remember_build(key, out, result.site.config.timezone,
                                result.site.today.isoformat(), result.page_count,
                                "".join(f"{w.format()}\n" for w in result.warnings), reminders)
    return 0


def _this_week(site) -> str:
    """The next seven days' reminders as short texts, for the volunteer to copy."""
    from sitegen.remind.messages import Writer

    messages = Writer(site.config, site.wording).this_week(site.schedules, site.today)
    if not messages:
        return ""
    return ("\nThis week's reminders, ready to copy (`sitegen remind --as whatsapp` or "
            "`--as email` for longer ones):\n\n"
            + SEPARATOR.join(as_sms(message) for message in messages) + "\n")


def run_remind(args) -> int:
    """Print a message for each meeting date in the coming days."""
    if is_directory_folder(args.folder):
        raise SiteError([Problem(args.folder, None, None, "holds many groups; reminders are "
                                 "for one group at a time. Give its folder, like `sitegen "
                                 f"remind {args.folder / 'GROUP'}`.")])
    from sitegen.remind.messages import Writer, choose_meetings
    from sitegen.site import pipeline

    site = pipeline.model(args.folder, pdf=False, on=args.date)[0]
    start = args.date or site.today
    schedules = choose_meetings(site.schedules, args.meeting, args.folder / "group.yaml")
    messages = Writer(site.config, site.wording).reminders(schedules, start, args.days)
    if not messages:
        print(f"No meeting dates in the {_count(range(args.days), 'day')} from "
              f"{start.isoformat()}.", file=sys.stderr)
    elif not site.config.website:
        print("These messages have no link to the meeting's web page: add `website:` to "
              "group.yaml once the site is online.", file=sys.stderr)
    print(SEPARATOR.join(FORMATS[args.style](message) for message in messages))
    return 0


def run_check(args) -> int:
    """Check without writing."""
    if is_directory_folder(args.folder):
        return run_directory_check(args)
    from sitegen.site import pipeline

    # The last build's PDFs are reused when unchanged, so checking does not print them again.
    result = pipeline.check(args.folder, previous_site=args.folder / "_site")
    _print_problems(result.warnings)
    print(f"{args.folder / 'group.yaml'} and its pages are fine"
          + (f" ({_count(result.warnings, 'warning')})." if result.warnings else "."))
    return 0


def run_directory_build(args) -> int:
    """Build each group's site under /GROUP/ and the directory; 1 if any group has problems."""
    from sitegen.directory.build import build_directory  # imported here: slow, and rarely needed

    out = args.out or args.folder / "_site"
    result = build_directory(args.folder, out, jobs=args.jobs, pdf=not args.no_pdf,
                             progress=lambda line: print(line, file=sys.stderr))
    _print_once_each(result.warnings)
    _print_problems(result.problems)
    shown = len(result.directory.cards)
    print(f"Built the directory of {_count(range(shown), 'group')} into {out}/ "
          f"({len(result.rebuilt) - len(result.failed)} built now, the rest unchanged).")
    if result.kept:
        print(f"\n{_count(result.kept, 'group')} kept from the last good build because of the "
              f"problems above, marked on the directory as possibly out of date: "
              f"{', '.join(result.kept)}. Correct them and build again.", file=sys.stderr)
    if result.directory.not_shown:
        print(f"\n{_count(result.directory.not_shown, 'group')} not shown because of the "
              f"problems above: {', '.join(result.directory.not_shown)}. The other groups "
              "were built.", file=sys.stderr)
    return 1 if result.failed else 0


def _print_once_each(warnings: list[Problem]) -> None:
    """Say a warning many groups share once, naming a few of the others that have it."""
    alike: dict[tuple, list[Problem]] = {}
    for warning in warnings:
        alike.setdefault((warning.key, warning.message), []).append(warning)
    github_actions.annotate(warnings)  # on GitHub, each group's own file marked
    for same in alike.values():
        print(same[0].format(), file=sys.stderr)
        if len(same) > 1:
            others = [warning.file.parent.name for warning in same[1:]]
            listed = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
            print(f"  The same in {_count(others, 'other group')}: {listed}", file=sys.stderr)


def run_directory_check(args) -> int:
    """Check every group of a directory folder without writing anything."""
    from sitegen.directory.build import check_directory

    checked = check_directory(args.folder)
    problems = [problem for _, found in checked for problem in found]
    _print_problems(problems)
    broken = [group.folder.name for group, found in checked
              if any(not problem.warning for problem in found)]
    print(f"{_count(checked, 'group')} checked" + (f"; problems in {', '.join(broken)}."
                                                   if broken else ": all fine."))
    return 1 if broken else 0


def run_serve(args) -> int:
    """Preview the site, rebuilt and reloaded on every change."""
    from sitegen.preview.serve import serve  # imported here: `build` and `check` need no watchdog

    return serve(args.folder, port=args.port, host=args.host, open_browser=args.open,
                 edit=args.edit)


def run_publish(args) -> int:
    """Publish the site, or with --dry-run say what publishing would change."""
    from sitegen.publish.targets import publish  # imported here: only publishing needs ftplib and zip

    result = publish(args.folder, args.to, dry_run=args.dry_run, out=args.out,
                     sitegen_from=args.sitegen_from)
    _print_problems(result.warnings + result.problems)
    print("\n".join(result.lines))
    if result.problems:
        print("\nPublished all the same: the groups with the problems above went online as "
              "they last built well (or not at all if they never did). Correct them and "
              "publish again.", file=sys.stderr)
    return 1 if result.problems else 0


def run_keys(args) -> int:
    """Print the reference of every key: a group's, then a directory's."""
    from sitegen.core.reference import full_reference
    from sitegen.directory.config import directory_reference

    print(full_reference(args.markdown) + "\n" + directory_reference(args.markdown), end="")
    return 0


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    github_actions.annotate(problems)


def _at_least_one(text: str) -> int:
    """A whole number of 1 or more, for --jobs."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes: give 1 or more")
    return int(text)


def _count(items, word: str) -> str:
    number = len(items)
    return f"{number} {word}" + ("" if number == 1 else "s")
