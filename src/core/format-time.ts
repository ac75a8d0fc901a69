import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";

/** Times are stored in UTC and shown in UTC unless the operator configures a display zone. */
export function formatDateTime(iso: string, timeZone = "UTC"): string {
  const zoned = new TZDate(Date.parse(iso), timeZone);
  return `${format(zoned, "yyyy-MM-dd HH:mm:ss")} ${timeZone === "UTC" ? "UTC" : format(zoned, "xxx")}`;
}

export function formatClock(iso: string, timeZone = "UTC"): string {
  return format(new TZDate(Date.parse(iso), timeZone), "HH:mm:ss");
}

export function formatDay(iso: string, timeZone = "UTC"): string {
  return format(new TZDate(Date.parse(iso), timeZone), "yyyy-MM-dd");
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
