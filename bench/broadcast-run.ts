/**
 * An announcement as the secretariat sends it: /announce walked in the chat (text, no other
 * version, everyone, with an Acknowledge button), then Send; and what the fake server saw of it:
 * its copies to the recipients, the delivery rate, and when the delivery report came.
 */
import type { ApiCall, FakeTelegram } from "../test/support/fake-telegram.js";
import type { SimUser } from "../test/support/sim-user.js";
import { SECRETARIAT_ID } from "./world.js";

/** The announcement's text; its copies are told apart from the bot's replies by it. */
export const BROADCAST_TEXT = "Benchmark broadcast: the meeting of national coordinators moves to Room 5.";

export const isBroadcastCopy = (call: ApiCall): boolean =>
  call.method === "sendMessage" &&
  Number(call.params.chat_id) !== SECRETARIAT_ID &&
  String(call.params.text ?? "").includes("Benchmark broadcast:");

/** Walks /announce up to its last question ("Send it now?"); `send()` then presses Send. */
export async function prepareAnnouncement(secretariat: SimUser): Promise<{ send: () => Promise<void> }> {
  secretariat.command("announce");
  await secretariat.waitForText(/Send the announcement in English/, 20_000);
  secretariat.send(BROADCAST_TEXT);
  await secretariat.waitForText(/Add a version in another language/, 20_000);
  await secretariat.press("Continue without");
  await secretariat.waitForText(/Who should receive it/, 20_000);
  await secretariat.press("Everyone");
  await secretariat.waitForText(/confirm that they have read it/, 20_000);
  await secretariat.press("Ask for acknowledgement");
  await secretariat.waitForText(/Send it now\?/, 20_000);
  return {
    send: async () => {
      await secretariat.press("Send", { timeoutMs: 20_000 });
    },
  };
}

/** The successful copies so far, in arrival order. */
export function deliveredCopies(fake: FakeTelegram): ApiCall[] {
  return fake.calls.filter((c) => c.response?.ok && isBroadcastCopy(c));
}

/** Copies per second between the first and the last successful copy (what the recipients see). */
export function deliveryRate(copies: readonly ApiCall[]): { perSecond: number; seconds: number } {
  const first = copies[0]?.at ?? 0;
  const last = copies.at(-1)?.at ?? 0;
  const seconds = (last - first) / 1000;
  return { perSecond: seconds > 0 ? (copies.length - 1) / seconds : Number.NaN, seconds };
}

/** Whether the delivery report reached the secretariat's chat. */
export function reportArrived(fake: FakeTelegram): boolean {
  return fake.messagesTo(SECRETARIAT_ID).some((m) => /delivery report/.test(m.text ?? ""));
}
