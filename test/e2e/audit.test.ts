/**
 * /audit, end to end: the secretariat picks a period, a state and a format by button (or types
 * them in one go) and gets the audit trail as a file; everyone else is refused.
 */
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { firstSecretariat, inviteThroughBot, joinWith, startWorld, type World } from "../support/scenario.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("/audit", () => {
  it("the secretariat gets Kazakhstan's entries of the last 30 days as a workbook, and any period as CSV in one line; a coordinator is refused", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const aigerim = world.fake.user({ id: 611, first_name: "Aigerim", language_code: "en" });
    await joinWith(aigerim, await inviteThroughBot(secretariat, "National coordinator", "Kazakhstan"));
    const bakyt = world.fake.user({ id: 612, first_name: "Bakyt", language_code: "en" });
    await joinWith(bakyt, await inviteThroughBot(secretariat, "National coordinator", "Kyrgyzstan"));

    aigerim.command("audit");
    expect((await aigerim.nextMessage()).text).toMatch(/not available to you/);

    secretariat.command("audit");
    await secretariat.waitForText(/Audit trail: who changed what, and when. Which period\?/);
    await secretariat.press("Last 30 days");
    await secretariat.waitForText(/Last 30 days. Whose entries\?/);
    await secretariat.press("Kazakhstan");
    await secretariat.waitForText(/Last 30 days, Kazakhstan. Which file\?/);
    await secretariat.press("Excel (XLSX)");
    const sent = await secretariat.waitForText(/Audit trail, Last 30 days, Kazakhstan. Entries: \d+/);
    expect(sent.document?.filename).toMatch(/^audit-\d{4}-\d\d-\d\d--\d{4}-\d\d-\d\d-KZ\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sent.document?.content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Audit trail");
    const rows = (sheet?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    expect(rows[0]?.slice(1)).toEqual([
      "When (UTC)",
      "Who",
      "Role",
      "State or organisation",
      "Action",
      "On what",
      "Details",
    ]);
    const actions = rows.slice(1).map((r) => r[5]);
    // Kazakhstan's invitation and Aigerim joining; nothing that is only Kyrgyzstan's.
    expect(actions).toEqual(["invitation.created", "person.joined"]);
    expect(rows[2]?.[2]).toBe("Aigerim (#2)");
    expect(rows[2]?.[4]).toBe("KZ");

    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    secretariat.command("audit", `csv ${today} ${yesterday}`);
    const csv = await secretariat.waitForText(
      /Audit trail, \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d \(UTC\), All states and people/,
    );
    const records = parse(csv.document?.content ?? Buffer.alloc(0), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    // The start's own entry (the founding round), then the operator's link and the three joinings.
    expect(records.map((r) => r.Action)).toEqual([
      "review.created",
      "invitation.created",
      "person.joined",
      "invitation.created",
      "person.joined",
      "invitation.created",
      "person.joined",
    ]);

    secretariat.command("audit", "2027-13-01");
    expect((await secretariat.waitForText(/I do not understand “2027-13-01”/)).text).toMatch(
      /\/audit 2027-03-01/,
    );
    secretariat.command("audit", `${today} ZZ xlsx`);
    await secretariat.waitForText(/There is no such state or person/);
  });
});
