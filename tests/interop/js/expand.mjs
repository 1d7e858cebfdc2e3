// Expands every recurring event of an .ics file with Mozilla's ical.js, as Thunderbird does; a single
// event (the calendar feed's) counts once, unless it is cancelled.
// Usage: node expand.mjs FILE.ics UNTIL_UNIX_SECONDS  ->  JSON list of each occurrence's start (Unix seconds).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [file, until] = process.argv.slice(2);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
const starts = [];
for (const master of events.filter((e) => e.isRecurring())) {
  for (const moved of events.filter((e) => e.isRecurrenceException() && e.uid === master.uid)) {
    master.relateException(moved);
  }
  const occurrences = master.iterator();
  for (let next = occurrences.next(); next && next.toUnixTime() < Number(until); next = occurrences.next()) {
    starts.push(master.getOccurrenceDetails(next).startDate.toUnixTime());
  }
}
for (const single of events.filter((e) => !e.isRecurring() && !e.isRecurrenceException())) {
  if (single.component.getFirstPropertyValue("status") !== "CANCELLED") {
    starts.push(single.startDate.toUnixTime());
  }
}
process.stdout.write(JSON.stringify(starts));
