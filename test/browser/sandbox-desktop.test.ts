/**
 * The sandbox in a desktop-sized Chromium window (chat list and chat side by side).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { STEPS, sandboxStory, shotName } from "./sandbox-story.js";

const NAME = "desktop";

describe("sandbox page, desktop", () => {
  it("opens a round, records a position, shows the tally and delivers a meeting invitation", async () => {
    const { screenshots } = await sandboxStory(NAME, { width: 1280, height: 800 }, false);
    expect(screenshots.map((path) => basename(path))).toEqual(
      STEPS.map((step, i) => shotName(NAME, i, step)),
    );
    for (const path of screenshots) expect(readFileSync(path).subarray(1, 4).toString()).toBe("PNG");
  });
});
