/** Is a device (and rule) inside a maintenance window at a given time? Pure. */
import { WEEKDAYS, type MaintenanceWindow } from '../config/alerting';
import { scopeMatches, type DeviceScope } from './rules';

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(nowMs: number, timeZone: string): { day: number; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of f.formatToParts(new Date(nowMs))) {
    if (part.type === 'weekday') day = WEEKDAYS.indexOf(part.value.toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minutes: hour * 60 + minute };
}

function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export function windowActive(w: MaintenanceWindow, nowMs: number): boolean {
  if (w.start !== undefined && w.end !== undefined) return nowMs >= Date.parse(w.start) && nowMs < Date.parse(w.end);
  if (!w.weekly) return false;
  const { day, minutes } = localTime(nowMs, w.weekly.timezone);
  const days = w.weekly.days.map((d) => WEEKDAYS.indexOf(d));
  const from = clockMinutes(w.weekly.from);
  const to = clockMinutes(w.weekly.to);
  if (from < to) return days.includes(day) && minutes >= from && minutes < to;
  // Past midnight: the evening of a listed day, or the early morning after it.
  return (days.includes(day) && minutes >= from) || (days.includes((day + 6) % 7) && minutes < to);
}

/** The first active window covering this device and rule, if any. */
export function activeMaintenance(windows: readonly MaintenanceWindow[], scope: DeviceScope, rule: string, nowMs: number): MaintenanceWindow | undefined {
  return windows.find((w) => scopeMatches(w, scope) && (w.rules === undefined || w.rules.includes(rule)) && windowActive(w, nowMs));
}
