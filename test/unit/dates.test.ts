/**
 * Dates, times, zones and numbers in the person's language: Intl's data for each of the seven
 * languages, the fallback when a Node build lacks a language's data, zones named by city and
 * offset, and "your time".
 */
import type { InlineKeyboard } from "grammy";
import { beforeAll, describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateTime,
  formatNumber,
  intlLocaleFor,
  readerTime,
  utcOffsetLabel,
  zoneLabel,
} from "../../src/bot/dates.js";
import { createTranslations, type Translations } from "../../src/bot/i18n.js";
import { zoneListKeyboard } from "../../src/bot/shared/time-zone-question.js";

const AT = Date.parse("2026-12-25T13:00:00Z"); // 18:00 in Almaty

let translations: Translations;
beforeAll(async () => {
  translations = await createTranslations("ru");
});

describe("dates and numbers", () => {
  it("uses each language's own month names when Intl has them", () => {
    expect(formatDateTime(AT, "Asia/Almaty", "ru")).toMatch(/25 декабря 2026/);
    expect(formatDateTime(AT, "Asia/Almaty", "en")).toBe("25 December 2026, 18:00");
    expect(formatDateTime(AT, "Asia/Almaty", "ru")).toBe("25 декабря 2026, 18:00");
    expect(formatDateTime(AT, "Asia/Almaty", "kk")).toMatch(/желтоқсан/);
    expect(formatDateTime(AT, "Asia/Bishkek", "ky")).toMatch(/25-декабрь/);
    expect(formatDateTime(AT, "Asia/Dushanbe", "tg")).toMatch(/25 Декабр/);
    expect(formatDateTime(AT, "Asia/Ashgabat", "tk")).toMatch(/25 dekabr 2026/);
    expect(formatDateTime(AT, "Asia/Tashkent", "uz")).toMatch(/25-dekabr/);
    for (const lang of ["ru", "en", "kk", "ky", "tg", "tk", "uz"])
      expect(formatDateTime(AT, "Asia/Almaty", lang)).toMatch(/18:00/);
  });

  it("formats numbers with the language's separators", () => {
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
    expect(formatNumber(1234567.5, "ky").replace(/\s/g, " ")).toBe("1 234 567,5");
    expect(formatNumber(1234567.5, "tk").replace(/\s/g, " ")).toBe("1 234 567,5");
  });

  it("falls back to Russian for Cyrillic languages and to numeric dates for the others", () => {
    const onlyRuAndEn = (lang: string) => lang === "ru" || lang === "en";
    expect(intlLocaleFor("ky", onlyRuAndEn)).toEqual({ locale: "ru", numericMonth: false });
    expect(intlLocaleFor("tg", onlyRuAndEn)).toEqual({ locale: "ru", numericMonth: false });
    expect(intlLocaleFor("tk", onlyRuAndEn)).toEqual({ locale: "ru", numericMonth: true });
    expect(intlLocaleFor("uz", onlyRuAndEn)).toEqual({ locale: "ru", numericMonth: true });
    expect(intlLocaleFor("uz", () => false)).toEqual({ locale: "en-GB", numericMonth: true });
    expect(intlLocaleFor("kk")).toEqual({ locale: "kk", numericMonth: false });
  });

  it("short dates stay in the person's language, day before month in English", () => {
    expect(formatDate(AT, "UTC", "ru")).toMatch(/25 дек/);
    expect(formatDate(AT, "UTC", "en")).toBe("25 Dec 2026");
    expect(formatDate(AT, "UTC", "uz")).toMatch(/25/);
  });

  it('never ends a date with Russian\'s abbreviated year, so a sentence never ends in "г.."', () => {
    for (const text of [formatDate(AT, "UTC", "ru"), formatDateTime(AT, "UTC", "ru")]) {
      expect(text).not.toMatch(/г\./);
      expect(text).toMatch(/2026/);
    }
  });

  it("keeps offsets right across daylight-saving changes, minute by minute around each", () => {
    // Zurich and New York change in 2026 and 2027; Almaty moved to UTC+5 for good in 2024.
    const changes = [
      ["Europe/Zurich", "2026-03-29T01:00:00Z", "UTC+1", "UTC+2"],
      ["Europe/Zurich", "2026-10-25T01:00:00Z", "UTC+2", "UTC+1"],
      ["America/New_York", "2027-03-14T07:00:00Z", "UTC-5", "UTC-4"],
      ["Australia/Adelaide", "2026-10-03T16:30:00Z", "UTC+9:30", "UTC+10:30"],
    ] as const;
    for (const [zone, at, before, after] of changes) {
      const change = Date.parse(at);
      for (let minute = -20; minute < 20; minute++) {
        const ms = change + minute * 60_000 + 30_000;
        expect(utcOffsetLabel(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(
          minute < 0 ? before : after,
        );
      }
    }
    expect(utcOffsetLabel(AT, "Asia/Almaty")).toBe("UTC+5");
    expect(utcOffsetLabel(AT, "Asia/Kolkata")).toBe("UTC+5:30");
  });
});

describe("zones as people name them", () => {
  it("names a zone by its city in the reader's language and its offset", () => {
    const t = (lang: string) => translations.forLanguage(lang);
    expect(zoneLabel(AT, "Asia/Bishkek", t("en"))).toBe("Bishkek, UTC+6");
    expect(zoneLabel(AT, "Asia/Bishkek", t("ru"))).toBe("Бишкек, UTC+6");
    expect(zoneLabel(AT, "Asia/Almaty", t("uz"))).toBe("Olmaota, UTC+5");
    expect(zoneLabel(AT, "Asia/Tashkent", t("tg"))).toBe("Тошкент, UTC+5");
    expect(zoneLabel(AT, "Europe/Zurich", t("en"))).toBe("Geneva, UTC+1");
    expect(zoneLabel(AT, "UTC", t("kk"))).toBe("UTC");
    // A zone the locales do not name: the city of its IANA id, never the id itself.
    expect(zoneLabel(AT, "America/Argentina/Buenos_Aires", t("en"))).toBe("Buenos Aires, UTC-3");
    expect(zoneLabel(AT, "Etc/GMT-4", t("en"))).toBe("UTC+4");
  });

  it("says \"your time\" for the reader's own zone, with another zone's time beside it when the clocks differ", () => {
    const en = translations.forLanguage("en");
    expect(readerTime(en, "en", AT, "Asia/Almaty", "Asia/Almaty")).toBe(
      "25 December 2026, 18:00 (your time, Almaty, UTC+5)",
    );
    expect(readerTime(en, "en", AT, "Asia/Bishkek", "Asia/Almaty")).toBe(
      "25 December 2026, 19:00 (your time, Bishkek, UTC+6; Almaty, UTC+5: 18:00)",
    );
    // Another day there: the date too.
    const late = Date.parse("2026-12-25T18:30:00Z");
    expect(readerTime(en, "en", late, "Asia/Bishkek", "Europe/Zurich")).toBe(
      "26 December 2026, 00:30 (your time, Bishkek, UTC+6; Geneva, UTC+1: 25 December 2026, 19:30)",
    );
    expect(readerTime(translations.forLanguage("ru"), "ru", AT, "Asia/Tashkent")).toBe(
      "25 декабря 2026, 18:00 (ваше время, Ташкент, UTC+5)",
    );
  });
});

describe("the zone keyboard", () => {
  const labels = (kb: InlineKeyboard) => kb.inline_keyboard.flat().map((b) => b.text);

  it("shows each zone's city and offset at that moment, also when it is kept between calls", () => {
    const t = translations.forLanguage("en");
    const zones = ["Europe/Zurich", "Asia/Almaty", "America/New_York"];
    // Zurich moves from UTC+1 to UTC+2 at 01:00 UTC on 29 March 2026.
    const winter = Date.parse("2026-03-29T00:59:00Z");
    const summer = Date.parse("2026-03-29T01:00:00Z");
    expect(labels(zoneListKeyboard(zones, winter, t))).toEqual([
      "Geneva, UTC+1",
      "Almaty, UTC+5",
      "New York, UTC-4",
    ]);
    expect(labels(zoneListKeyboard(zones, winter - 10 * 60_000, t))[0]).toBe("Geneva, UTC+1");
    expect(labels(zoneListKeyboard(zones, summer, t))[0]).toBe("Geneva, UTC+2");
    expect(labels(zoneListKeyboard(zones.slice(1), summer, translations.forLanguage("ru")))[0]).toBe(
      "Алматы, UTC+5",
    );
    // Two per row, each button naming its zone.
    const kb = zoneListKeyboard(zones, summer, t);
    expect(kb.inline_keyboard.map((row) => row.length)).toEqual([2, 1]);
    expect(kb.inline_keyboard[1]?.[0]).toMatchObject({ callback_data: "tz:America/New_York" });
  });
});
