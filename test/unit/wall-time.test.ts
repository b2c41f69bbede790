import { describe, expect, it } from "vitest";
import {
  localDateKey,
  parseDuration,
  parseDurationList,
  parseWallTime,
  wallTimeAt,
  wallTimeToUtc,
  zoneOffsetMs,
} from "../../src/domain/wall-time.js";

function utcOf(input: string, zone: string): string | undefined {
  const parsed = parseWallTime(input);
  if (!parsed.ok) return `error:${parsed.reason}`;
  const ms = wallTimeToUtc(parsed.wall, zone);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

describe("typed dates", () => {
  it("reads the forms people type", () => {
    const expected = { year: 2026, month: 12, day: 25, hour: 10, minute: 0 };
    for (const input of [
      "25.12.2026 10:00",
      "25/12/2026 10:00",
      "2026-12-25 10:00",
      "2026-12-25T10:00",
      " 25.12.2026, 10:00 ",
    ]) {
      expect(parseWallTime(input), input).toEqual({ ok: true, wall: expected, hasTime: true });
    }
    expect(parseWallTime("5.1.2027 9:05")).toEqual({
      ok: true,
      wall: { year: 2027, month: 1, day: 5, hour: 9, minute: 5 },
      hasTime: true,
    });
  });

  it("reads a date alone and says it has no time", () => {
    expect(parseWallTime("20.12.2026")).toEqual({
      ok: true,
      wall: { year: 2026, month: 12, day: 20, hour: 0, minute: 0 },
      hasTime: false,
    });
  });

  it("refuses what is not a date, and days that do not exist", () => {
    for (const input of ["tomorrow", "25.12.26 10:00", "2026-12-25 25:00", "25.12.2026 10:61", "10:00", ""]) {
      expect(parseWallTime(input), input).toMatchObject({ ok: false, reason: "unparseable" });
    }
    expect(parseWallTime("31.11.2026 10:00")).toEqual({ ok: false, reason: "no_such_date" });
    expect(parseWallTime("29.02.2027")).toEqual({ ok: false, reason: "no_such_date" });
    expect(parseWallTime("29.02.2028").ok).toBe(true);
  });
});

describe("wall time in a zone to UTC", () => {
  it("Asia/Almaty is UTC+5", () => {
    expect(utcOf("25.12.2026 10:00", "Asia/Almaty")).toBe("2026-12-25T05:00:00.000Z");
  });

  it("Asia/Bishkek is UTC+6", () => {
    expect(utcOf("2026-12-25 10:00", "Asia/Bishkek")).toBe("2026-12-25T04:00:00.000Z");
  });

  it("Europe/Moscow is UTC+3", () => {
    expect(utcOf("25.12.2026 10:00", "Europe/Moscow")).toBe("2026-12-25T07:00:00.000Z");
  });

  it("Europe/Berlin follows daylight saving: +1 in winter, +2 in summer", () => {
    expect(utcOf("25.12.2026 10:00", "Europe/Berlin")).toBe("2026-12-25T09:00:00.000Z");
    expect(utcOf("15.07.2026 10:00", "Europe/Berlin")).toBe("2026-07-15T08:00:00.000Z");
    // the day of the change: before and after 02:00
    expect(utcOf("29.03.2026 01:30", "Europe/Berlin")).toBe("2026-03-29T00:30:00.000Z");
    expect(utcOf("29.03.2026 03:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
  });

  it("a time skipped by the spring change does not exist", () => {
    expect(utcOf("29.03.2026 02:30", "Europe/Berlin")).toBeUndefined();
  });

  it("a time repeated by the autumn change gives the earlier instant", () => {
    expect(utcOf("25.10.2026 02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
  });

  it("round-trips: the wall time at the instant is what was typed", () => {
    for (const zone of ["Asia/Almaty", "Asia/Bishkek", "Europe/Moscow", "Europe/Berlin", "UTC"]) {
      const ms = wallTimeToUtc({ year: 2026, month: 6, day: 1, hour: 23, minute: 45 }, zone);
      expect(ms).toBeDefined();
      expect(wallTimeAt(ms ?? 0, zone)).toEqual({ year: 2026, month: 6, day: 1, hour: 23, minute: 45 });
    }
  });

  it("offsets and local days", () => {
    const instant = Date.parse("2026-12-25T20:00:00Z");
    expect(zoneOffsetMs(instant, "Asia/Almaty")).toBe(5 * 3_600_000);
    expect(zoneOffsetMs(instant, "Asia/Bishkek")).toBe(6 * 3_600_000);
    expect(localDateKey(instant, "Asia/Almaty")).toBe("2026-12-26");
    expect(localDateKey(instant, "Europe/Berlin")).toBe("2026-12-25");
  });
});

describe("durations", () => {
  it("reads hours, minutes, days in English and Russian", () => {
    expect(parseDuration("2h")).toBe(120);
    expect(parseDuration("2 h 30 min")).toBe(150);
    expect(parseDuration("1:30")).toBe(90);
    expect(parseDuration("90 min")).toBe(90);
    expect(parseDuration("1.5h")).toBe(90);
    expect(parseDuration("1,5 ч")).toBe(90);
    expect(parseDuration("3")).toBe(180);
    expect(parseDuration("2d")).toBe(2880);
    expect(parseDuration("2 дня")).toBe(2880);
    expect(parseDuration("7 days")).toBe(10080);
    expect(parseDuration("30 мин")).toBe(30);
  });

  it("refuses what it cannot read", () => {
    for (const input of ["", "soon", "2 weeks", "0", "h2", "1:75", "-1h"]) {
      expect(parseDuration(input), input).toBeUndefined();
    }
  });

  it("reads lists of lead times", () => {
    expect(parseDurationList("7d, 1d, 2h")).toEqual([10080, 1440, 120]);
    expect(parseDurationList("3 дня; 1 день и 1 час")).toEqual([4320, 1440, 60]);
    expect(parseDurationList("7d, never")).toBeUndefined();
  });
});
