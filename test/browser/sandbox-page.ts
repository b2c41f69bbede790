/**
 * Driving the sandbox in a real headless Chromium (Debian's `chromium`, through playwright-core):
 * a page object that does what a person does on the page — pick a chat, type, press a button by
 * its label — and takes screenshots into test-output/sandbox/.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

export { startSandbox } from "../support/sandbox-process.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
export const OUTPUT = join(ROOT, "test-output", "sandbox");
const CHROMIUM = "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

/** The file name of the `index`-th screenshot (from 0) of a run. */
export function shotName(run: string, index: number, step: string): string {
  return `${run}-${String(index + 1).padStart(2, "0")}-${step}.png`;
}

/** The sandbox page as a person uses it, at one viewport. */
export class SandboxPage {
  readonly screenshots: string[] = [];

  constructor(
    readonly page: Page,
    readonly name: string,
    readonly phone: boolean,
  ) {
    mkdirSync(OUTPUT, { recursive: true });
  }

  /** Opens the page and waits until everyone has joined. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('body[data-status="ready"]').waitFor({ timeout: 60_000 });
  }

  /** Opens a person's chat from the chat list (on a phone, going back to the list first). */
  async chooseChat(personName: string): Promise<void> {
    if (this.phone && (await this.page.locator("#back").isVisible()))
      await this.page.locator("#back").click();
    await this.page.locator(".chat-item", { hasText: personName }).click();
    await this.page.locator("#chat-title", { hasText: personName }).waitFor();
  }

  /** Types a text or command into the message field and sends it with Enter. */
  async send(text: string): Promise<void> {
    await this.page.locator("#text").fill(text);
    await this.page.locator("#text").press("Enter");
  }

  /** The newest bot message whose text matches, once it is shown. */
  async message(text: string | RegExp): Promise<Locator> {
    const found = this.page.locator(".message.in").filter({ hasText: text }).last();
    await found.waitFor();
    return found;
  }

  /** The inline button with exactly this label (or matching) on the newest message that has it. */
  button(label: string | RegExp): Locator {
    const re = typeof label === "string" ? exactly(label) : label;
    return this.page.locator(".message .inline-button").filter({ hasText: re }).last();
  }

  /** The newest message that carries a button with exactly this label. */
  messageWithButton(label: string): Locator {
    const button = this.page.locator(".inline-button").filter({ hasText: exactly(label) });
    return this.page.locator(".message").filter({ has: button }).last();
  }

  /** Presses an inline button and waits until the bot has answered the press. */
  async press(label: string | RegExp): Promise<void> {
    const button = this.button(label);
    await button.click();
    await this.page.locator(".inline-button.pending").first().waitFor({ state: "detached" });
  }

  /** A screenshot of the window into test-output/sandbox/. */
  async shot(step: string): Promise<string> {
    const path = join(OUTPUT, shotName(this.name, this.screenshots.length, step));
    await this.page.screenshot({ path });
    this.screenshots.push(path);
    return path;
  }

  /** How much wider than the window the page is (0 when nothing sticks out sideways). */
  overflow(): Promise<number> {
    return this.page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
  }
}
