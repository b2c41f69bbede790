/**
 * The story the browser tests tell on the sandbox page, at a given window size: the secretariat
 * opens the 2012 round for Kazakhstan and Kyrgyzstan, Kazakhstan's coordinator (in Kazakh) supports
 * the first item, the secretariat sees it in the tally's picture and its details, then creates a
 * meeting and Kyrgyzstan's coordinator (in Kyrgyz) receives the invitation with its buttons. A
 * screenshot at each step.
 */
import type { Locator } from "playwright-core";
import { expect } from "vitest";
import { STRONG } from "../../src/documents/palette.js";
import { cellBox, TALLY_PICTURE_SIZE, tallyLayout } from "../../src/documents/tally-picture-layout.js";
import { decodePng, pixel } from "../support/document-readers.js";
import { localeStrings } from "../support/locale-files.js";
import { type SandboxPage as Driver, launchChromium, SandboxPage, startSandbox } from "./sandbox-page.js";

const SECRETARIAT = "Saule Abenova";
const KAZAKHSTAN = "Aigerim Nurlanqyzy";
const KYRGYZSTAN = "Bakyt Asanov";
const DAY = 86_400_000;

/** A string of the bot's locale files, with {{variables}} filled and tags dropped. */
function say(lang: string, key: string, values: Record<string, string | number> = {}): string {
  const template = localeStrings(lang).get(key);
  if (template === undefined) throw new Error(`no ${key} in ${lang}`);
  return template
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""))
    .replace(/<[^>]+>/g, "");
}

/** "dd.mm.yyyy HH:MM" of a day `days` after `now`, at `time` in Almaty. */
function almatyDay(now: number, days: number, time: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Almaty",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).formatToParts(now + days * DAY);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")}.${part("month")}.${part("year")} ${time}`;
}

export { shotName } from "./sandbox-page.js";

/** The screenshots the story takes, in order. */
export const STEPS = [
  "people-ready",
  "round-open",
  "kazakhstan-first-card",
  "kazakhstan-supported",
  "tally",
  "meeting-created",
  "kyrgyzstan-invitation",
] as const;
type Step = (typeof STEPS)[number];

export interface StoryResult {
  screenshots: string[];
}

export async function sandboxStory(
  name: string,
  viewport: { width: number; height: number },
  phone: boolean,
): Promise<StoryResult> {
  const sandbox = await startSandbox();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    const p = new SandboxPage(page, name, phone);
    const shot = (step: Step) => p.shot(step);
    await p.open(sandbox.url);
    await expect.poll(() => page.locator(".chat-item").count()).toBe(6);
    expect(await p.overflow()).toBeLessThanOrEqual(0);
    await shot("people-ready");

    await openRound(p, await sandboxNow(sandbox.url));
    await shot("round-open");

    // Kazakhstan's coordinator reads Kazakh: the invitation, then the first card.
    await p.chooseChat(KAZAKHSTAN);
    await p.press(say("kk", "reviews:button.start"));
    const firstCard =
      say("kk", "reviews:card.progress", { ordinal: 1, total: 9, label: 1 }).split(" · ")[0] ?? "";
    const card = await p.message(firstCard);
    const cardId = await card.getAttribute("data-id");
    await shot("kazakhstan-first-card");
    await p.press(say("kk", "reviews:button.support"));
    // The bot's answer to the press shows as a toast, in Kazakh.
    const recorded = say("kk", "reviews:recorded.position", {
      position: say("kk", "reviews:position.support"),
      label: "1",
    });
    await p.page.locator("#toast", { hasText: recorded }).waitFor();
    // The card is edited in place: the same message now shows the second item, marked "edited".
    const secondCard =
      say("kk", "reviews:card.progress", { ordinal: 2, total: 9, label: 2 }).split(" · ")[0] ?? "";
    const edited = p.page.locator(`.message[data-id="${cardId}"]`);
    await edited.filter({ hasText: secondCard }).waitFor();
    await expect.poll(() => edited.locator(".edited").count()).toBe(1);
    expect(await p.overflow()).toBeLessThanOrEqual(0);
    await shot("kazakhstan-supported");

    // Back to the secretariat: the tally shows Kazakhstan's support on item 1.
    await p.chooseChat(SECRETARIAT);
    await p.send("/rounds");
    await p.message(/Review rounds/);
    await p.press(/^\s*#1 · /);
    await p.message(/Round #1/);
    await p.press("📊 Tally");
    // TALLY PICTURE: the tally opens with one picture, shown inline; Kazakhstan × item 1 has the
    // "support" colour, Kyrgyzstan × item 1 still "no answer".
    const tally = await p.message(/Tally of round #1/);
    await tallyPictureShows(tally, sandbox.url);
    await p.press("📝 Show details");
    const item1 = await p.message(/Item 1 — ✅ 1 · ❌ 0 · ⚪ 0 · not answered 1/);
    await expect.poll(() => item1.textContent()).toMatch(new RegExp(`Kazakhstan: Support — ${KAZAKHSTAN}`));
    await tally.scrollIntoViewIfNeeded();
    await shot("tally");

    await createMeeting(p, await sandboxNow(sandbox.url));
    await shot("meeting-created");

    // Kyrgyzstan's coordinator, in Kyrgyz, has the invitation with its three buttons.
    await p.chooseChat(KYRGYZSTAN);
    const attend = [
      say("ky", "meetings:attend_in_person"),
      say("ky", "meetings:attend_online"),
      say("ky", "meetings:decline"),
    ];
    for (const label of attend) await p.button(label).waitFor();
    const invitation = p.messageWithButton(attend[0] ?? "");
    const labels = await invitation.locator(".inline-button").allInnerTexts();
    expect(labels.map((l) => l.trim())).toEqual(attend);
    await expect.poll(() => invitation.textContent()).toMatch(/Совещание национальных координаторов/);
    expect(await p.overflow()).toBeLessThanOrEqual(0);
    await shot("kyrgyzstan-invitation");

    expect(problems).toEqual([]);
    return { screenshots: p.screenshots };
  } catch (error) {
    throw new Error(`${String(error)}\n--- sandbox output ---\n${sandbox.output().slice(-4000)}`);
  } finally {
    await browser.close();
    await sandbox.stop();
  }
}

/**
 * The tally's picture is shown in the message (loaded, at its full 1280 × 720), and the file the
 * page shows, fetched as the page fetches it, has each state's colour in the cells of item 1.
 */
async function tallyPictureShows(message: Locator, url: string): Promise<void> {
  const img = message.locator("img.photo");
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() =>
      img.evaluate((e) => {
        const shown = e as unknown as { complete: boolean; naturalWidth: number };
        return shown.complete ? shown.naturalWidth : 0;
      }),
    )
    .toBe(TALLY_PICTURE_SIZE.width);
  const src = await img.getAttribute("src");
  const response = await fetch(new URL(src ?? "", url));
  expect(response.headers.get("content-type")).toBe("image/png");
  const png = decodePng(Buffer.from(await response.arrayBuffer()));
  expect([png.width, png.height]).toEqual([TALLY_PICTURE_SIZE.width, TALLY_PICTURE_SIZE.height]);
  const layout = tallyLayout(2, 9);
  const cell = (row: number, column: number) => {
    const box = cellBox(layout, row, column);
    return pixel(png, box.x + 3, box.y + box.height / 2);
  };
  expect(cell(0, 0)).toBe(STRONG.support); // Kazakhstan supports item 1
  expect(cell(1, 0)).toBe(STRONG.none); // Kyrgyzstan has not answered
}

/** The sandbox's time, as the bot believes it is. */
async function sandboxNow(url: string): Promise<number> {
  const state = (await (await fetch(`${url}/api/state`)).json()) as { clock: { now: number } };
  return state.clock.now;
}

/** The secretariat opens the founding round for Kazakhstan and Kyrgyzstan, 30 days to answer. */
async function openRound(p: Driver, now: number): Promise<void> {
  await p.chooseChat(SECRETARIAT);
  await p.send("/rounds");
  await p.message(/Review rounds/);
  await p.press(/^\s*#1 · /);
  await p.message(/Round #1/);
  await p.press("States taking part");
  for (const state of ["Tajikistan", "Turkmenistan"]) {
    await p.press(`✅ ${state}`);
    await p.button(`▫️ ${state}`).waitFor();
  }
  await p.press("Done");
  await p.message(/States taking part \(2\): Kazakhstan, Kyrgyzstan/);
  await p.press("Deadline");
  await p.message(/type the deadline in Almaty time/);
  await p.send(almatyDay(now, 30, "18:00"));
  await p.message(/Deadline set/);
  await p.press("▶ Open the round");
  await p.message(/Open the round to/);
  await p.press("Yes, open it");
  await p.message(/The round is open/);
}

/** The secretariat creates a meeting 40 days ahead for the member states, answers within 30 days. */
async function createMeeting(p: Driver, now: number): Promise<void> {
  await p.send("/newmeeting");
  await p.message(/Title in Russian/);
  await p.send("Совещание национальных координаторов");
  await p.message(/Title in English/);
  await p.send("Meeting of national coordinators");
  await p.message(/What kind of meeting/);
  await p.press("Meeting of national coordinators");
  await p.message(/venue's time zone: Almaty, UTC\+5/);
  await p.press("Keep Almaty, UTC+5");
  await p.message(/Start date and time in Almaty, UTC\+5/);
  await p.send(almatyDay(now, 40, "10:00"));
  await p.message(/How long does it last/);
  await p.press("3 hours");
  await p.message(/^\s*Venue/);
  await p.send("Almaty, Hotel Kazakhstan, Hall A");
  await p.message(/Online link/);
  await p.send("https://meet.example.org/almaty-process");
  await p.message(/Deadline for answers/);
  await p.send(almatyDay(now, 30, "18:00"));
  await p.message(/Who is invited/);
  await p.press(/^\s*Done \(4 chosen\)\s*$/);
  await p.message(/Reminders to attending delegations/);
  await p.press("Keep these reminders");
  await p.message(/Please check the meeting/);
  await p.press("Create and send invitations");
  await p.message(/Invitations are on their way to 4 people/);
}
