/**
 * The sandbox at a phone's width (375 px: the chat list, then one chat at a time).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { STEPS, sandboxStory, shotName } from "./sandbox-story.js";

const NAME = "phone";

describe("sandbox page, phone", () => {
  it("opens a round, records a position, shows the tally and delivers a meeting invitation", async () => {
    const { screenshots } = await sandboxStory(NAME, { width: 375, height: 740 }, true);
    expect(screenshots.map((path) => basename(path))).toEqual(
      STEPS.map((step, i) => shotName(NAME, i, step)),
    );
    for (const path of screenshots) expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
  });
});
