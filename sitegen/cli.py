"""The `sitegen` command: new, build, check, serve."""

from __future__ import annotations

import argparse
import shutil
import sys
import traceback
from pathlib import Path

from sitegen import __version__, pipeline
from sitegen.problems import Problem, SiteError
from sitegen.reference import full_reference

STARTER = Path(__file__).resolve().parent / "starter"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except SiteError as error:
        _print_problems(error.problems)
        print(f"\n{_count(error.problems, 'problem')} found. Nothing was written; "
              "the previous site is unchanged.", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a website, meeting "
                                     "calendar and poster for a self-help group.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help="start a new group folder")
    new.add_argument("folder", type=Path)
    new.set_defaults(run=run_new)

    build = commands.add_parser("build", help="build the website into FOLDER/_site")
    build.add_argument("folder", type=Path, nargs="?", default=Path("."))
    build.add_argument("--out", type=Path, help="write the site here instead")
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
    serve.set_defaults(run=run_serve)
    keys = commands.add_parser("keys", help="list every key group.yaml and page front matter "
                               "can hold")
    keys.add_argument("--markdown", action="store_true", help="as Markdown tables")
    keys.set_defaults(run=run_keys)
    for sub in (new, build, check, serve, keys):
        sub.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


def run_new(args) -> int:
    """Copy the starter group folder."""
    folder: Path = args.folder
    if folder.exists() and any(folder.iterdir()):
        raise SiteError([Problem(folder, None, None, "already exists and is not empty. "
                                 "Choose a new folder name.")])
    shutil.copytree(STARTER, folder, dirs_exist_ok=True)
    print(f"Made {folder}/. Next:\n"
          f"  1. Open {folder / 'group.yaml'} and put in your group's name, contact and meetings.\n"
          f"  2. Edit or add pages in {folder / 'pages'}/ (plain Markdown).\n"
          f"  3. Run: sitegen build {folder}\n"
          f"Your website will be in {folder / '_site'}/.")
    return 0


def run_build(args) -> int:
    """Build the site."""
    out = args.out or args.folder / "_site"
    result = pipeline.build(args.folder, out)
    _print_problems(result.warnings)
    pages = sum(1 for name in result.files if name.endswith(".html"))
    print(f"Built {_count(range(pages), 'page')} into {out}/.")
    return 0


def run_check(args) -> int:
    """Check without writing."""
    result = pipeline.check(args.folder)
    _print_problems(result.warnings)
    print(f"{args.folder / 'group.yaml'} and its pages are fine"
          + (f" ({_count(result.warnings, 'warning')})." if result.warnings else "."))
    return 0


def run_serve(args) -> int:
    """Preview the site, rebuilt and reloaded on every change."""
    from sitegen.serve import serve  # imported here: `build` and `check` need no watchdog

    return serve(args.folder, port=args.port, host=args.host, open_browser=args.open)


def run_keys(args) -> int:
    """Print the reference of every key."""
    print(full_reference(args.markdown), end="")
    return 0


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def _count(items, word: str) -> str:
    number = len(items)
    return f"{number} {word}" + ("" if number == 1 else "s")
