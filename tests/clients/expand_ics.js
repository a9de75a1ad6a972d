// Expand every VEVENT of the calendar on stdin with Mozilla's ical.js, as Thunderbird does.
// Usage: node expand_ics.js UNTIL < feed.ics  (UNTIL: YYYY-MM-DD, exclusive)
// Prints {UID: [[start, end], ...]}: instants as UTC "YYYY-MM-DDTHH:MM:SSZ", all-day dates
// as "YYYY-MM-DD", end null when the event has none. The times come from the feed's own
// VTIMEZONE (ical.js looks a TZID up in the calendar it belongs to), never from node's zones.
const ICAL = require("ical.js");

function text(time) {
  if (time.isDate) return time.toString();
  return time.toJSDate().toISOString().replace(".000Z", "Z");
}

function expand(vevent, until) {
  const event = new ICAL.Event(vevent);
  const hasEnd = vevent.hasProperty("dtend") || vevent.hasProperty("duration");
  const found = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(until) < 0; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    found.push([text(details.startDate), hasEnd ? text(details.endDate) : null]);
  }
  return found;
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const until = ICAL.Time.fromDateString(process.argv[process.argv.length - 1]);
  const calendar = new ICAL.Component(ICAL.parse(input));
  const result = {};
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    result[vevent.getFirstPropertyValue("uid")] = expand(vevent, until);
  }
  console.log(JSON.stringify(result));
});
