/**
 * The tally picture is drawn with the shipped fonts only. Every letter its labels can contain in
 * the seven languages (the documents' strings, the states' and organisations' names, month names
 * of the dates) must be in them: a missing one would be drawn as the font's empty box, the same
 * box for every missing character, which is what this looks for.
 */
import { Resvg } from "@resvg/resvg-js";
import { beforeAll, describe, expect, it } from "vitest";
import { documentDateTime } from "../../src/documents/dates.js";
import { PICTURE_FONT_FAMILY, pictureFontFiles } from "../../src/documents/picture-fonts.js";
import { listOrganisations, listStates } from "../../src/domain/reference.js";
import { localeStrings } from "../support/locale-files.js";
import { testDatabase } from "../support/test-db.js";

const LANGUAGES = ["ru", "en", "kk", "ky", "tg", "tk", "uz"];
/** The alphabets of the seven languages, whatever the labels use today: names and titles may use any letter. */
const ALPHABETS = [
  "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя",
  "ӘәҒғҚқҢңӨөҰұҮүҺһІі", // Kazakh and Kyrgyz
  "ӢӣӮӯҲҳҶҷ", // Tajik
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  "ÄäÇçŇňÖöŞşÜüÝýŽž", // Turkmen
  "ʻʼ", // Uzbek oʻ, gʻ and the tutuq belgisi
].join("");

function glyph(char: string): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><rect width="60" height="60" fill="#fff"/><text x="10" y="45" font-size="36" font-family="${PICTURE_FONT_FAMILY}">${char.replace("&", "&amp;").replace("<", "&lt;")}</text></svg>`;
  return new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: pictureFontFiles(), defaultFontFamily: PICTURE_FONT_FAMILY },
  })
    .render()
    .asPng();
}

describe("the picture's fonts", () => {
  let missing: Buffer;
  const texts: string[] = [];

  beforeAll(async () => {
    missing = glyph("\uE000"); // a private-use character: no font has it
    const { db } = await testDatabase();
    for (const lang of LANGUAGES) {
      for (const [key, text] of localeStrings(lang)) if (key.startsWith("documents:")) texts.push(text);
      texts.push(...(await listStates(db, lang)).map((s) => s.name));
      texts.push(...(await listOrganisations(db, lang)).map((o) => o.name));
      for (let month = 0; month < 12; month++)
        texts.push(documentDateTime(Date.UTC(2027, month, 20, 5), "Asia/Almaty", lang));
    }
    await db.destroy();
  });

  it("tells a missing letter from a present one", () => {
    expect(glyph("中").equals(missing)).toBe(true);
    expect(glyph("ә").equals(missing)).toBe(false);
  });

  it("have every letter of the seven languages' labels, names and dates", () => {
    const chars = [...new Set((ALPHABETS + texts.join("")).replace(/\s/g, ""))];
    const absent = chars.filter((c) => glyph(c).equals(missing));
    expect(absent).toEqual([]);
  });
});
