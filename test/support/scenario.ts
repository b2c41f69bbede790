/**
 * The common start of an end-to-end story: the fake Telegram server, the real bot process on a
 * fresh database, a first secretariat member made through the operator's CLI link, and invited people.
 */
import type { BotProcess } from "./bot-process.js";
import { BotProcess as Process } from "./bot-process.js";
import { FakeTelegram } from "./fake-telegram.js";
import type { SimUser } from "./sim-user.js";

export const TOKEN = "7000000001:AAtest-token-for-the-fake-server_0123";

export interface World {
  fake: FakeTelegram;
  bot: BotProcess;
  /** Stops the bot (if running) and the fake server. */
  close(): Promise<void>;
}

/** Starts the fake server and the bot process. `env` adds or overrides environment variables. */
export async function startWorld(
  options: { env?: Record<string, string>; clock?: string } = {},
): Promise<World> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const bot = new Process({ apiRoot: fake.apiRoot, token: TOKEN, env: options.env ?? {} });
  if (options.clock) bot.setClock(options.clock);
  await bot.start();
  return {
    fake,
    bot,
    async close() {
      await bot.stop().catch(() => undefined);
      await fake.stop();
    },
  };
}

/** Waits until the person's latest keyboard shows a button with this label (an edit may bring it). */
export async function untilButton(user: SimUser, label: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!user.buttons().includes(label)) {
    if (Date.now() > deadline) throw new Error(`no button "${label}"; latest: ${user.buttons().join(" | ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The code of a deep link `https://t.me/<bot>?start=<code>`. */
export function codeOf(link: string): string {
  const code = /[?&]start=([\w-]+)/.exec(link)?.[1];
  if (!code) throw new Error(`no start code in ${link}`);
  return code;
}

export interface JoinOptions {
  /** Label of the language button, e.g. "English" or "Русский". */
  language?: string;
  /** A new name to type instead of keeping the Telegram one. */
  name?: string;
  /** A zone button label prefix or a typed IANA name to choose instead of keeping the default. */
  zone?: string;
}

/** Walks a person through joining with an invitation link, pressing the buttons a person would. */
export async function joinWith(user: SimUser, link: string, options: JoinOptions = {}): Promise<void> {
  user.command("start", codeOf(link));
  await user.waitForText(/invite|пригла/i);
  if (options.name) {
    await user.press(/Change the name|Изменить имя/);
    await user.waitForText(/type your name|напишите имя/i);
    user.send(options.name);
  } else {
    await user.press(/Yes, that is right|Да, верно/);
  }
  await user.waitForText(/Which language|каком языке/i);
  await user.press(options.language ?? "English");
  await user.waitForText(/time zone|часовом поясе/i);
  if (options.zone) {
    await user.press(/Choose another time zone|Выбрать другой часовой пояс/);
    await user.waitForText(/IANA/);
    const label = user.buttons().find((b) => b.startsWith(`${options.zone} (`));
    if (label) await user.press(label);
    else user.send(options.zone);
  } else {
    await user.press(/^(Keep|Оставить) /);
  }
  await user.waitForText(/You are in|Готово, /);
}

/** Makes the first secretariat member from the CLI's link. */
export async function firstSecretariat(world: World, id = 100, language = "English"): Promise<SimUser> {
  const { stdout } = await world.bot.admin("invite", "--role", "secretariat");
  const user = world.fake.user({ id, first_name: "Saule", last_name: "Secretariat", language_code: "en" });
  await joinWith(user, stdout.trim(), { language });
  return user;
}

/**
 * The secretariat member invites someone through /invite: the role button, then the state or
 * organisation button (English labels); returns the deep link from the bot's answer.
 */
export async function inviteThroughBot(
  secretariat: SimUser,
  roleLabel: string,
  targetLabel?: string,
): Promise<string> {
  secretariat.command("invite");
  await secretariat.waitForText(/Whom do you want to invite/);
  await secretariat.press(roleLabel);
  if (targetLabel) {
    await untilButton(secretariat, targetLabel);
    await secretariat.press(targetLabel);
  }
  const answer = await secretariat.waitForText(/https:\/\/t\.me\/\S+\?start=/);
  const link = /https:\/\/t\.me\/\S+\?start=[\w-]+/.exec(answer.text)?.[0];
  if (!link) throw new Error(`no link in: ${answer.text}`);
  return link;
}
