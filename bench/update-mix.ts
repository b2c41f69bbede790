/**
 * The updates both update-handling benchmarks feed: per member a round of commands (/help, /me,
 * /meetings), a press of a real language button, a /timezone flow answered with typed text, and a
 * message from a stranger. The same mix goes to the full bot and to the bare echo bot.
 */
import type { CallbackQuery, Message, Update } from "grammy/types";
import type { SeededPerson } from "../test/support/seed-people.js";

export const SECRETARIAT_ID = 1;
const FIRST_MEMBER_ID = 200_000;
const FIRST_STRANGER_ID = 900_000;

/** The people a mix needs in the database: one secretariat member and `members` coordinators. */
export function mixPeople(members: number): SeededPerson[] {
  const people: SeededPerson[] = [
    { telegramId: SECRETARIAT_ID, name: "Secretariat", role: "secretariat", language: "en" },
  ];
  for (let i = 0; i < members; i++) {
    people.push({
      telegramId: FIRST_MEMBER_ID + i,
      name: `Coordinator ${i}`,
      role: "coordinator",
      state: ["KZ", "KG", "TJ", "TM", "UZ"][i % 5] ?? "KZ",
      language: i % 2 ? "en" : "ru",
    });
  }
  return people;
}

/** Telegram ids of the strangers a mix writes from (not in the database). */
export function strangerIds(strangers: number): number[] {
  return Array.from({ length: strangers }, (_, i) => FIRST_STRANGER_ID + i);
}

export type MixUpdate = Omit<Update, "update_id">;

let messageId = 1;

function message(userId: number, text: string): MixUpdate {
  const msg = {
    message_id: messageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: userId, type: "private", first_name: `User ${userId}` },
    from: { id: userId, is_bot: false, first_name: `User ${userId}`, language_code: "ru" },
    text,
    ...(text.startsWith("/")
      ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] }
      : {}),
  } as NonNullable<Update["message"]>;
  return { message: msg };
}

function press(userId: number, data: string, id: string): MixUpdate {
  const query: CallbackQuery = {
    id,
    from: { id: userId, is_bot: false, first_name: `User ${userId}`, language_code: "ru" },
    chat_instance: `ci-${userId}`,
    data,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: `User ${userId}` },
      text: "…",
    } as Message.TextMessage,
  };
  return { callback_query: query };
}

/**
 * `count` updates cycling over `users` members and `strangers` strangers. The steps of one member
 * keep their order (the /timezone answer must follow the command), and consecutive updates come
 * from different people, as they would from a crowd.
 */
export function updateMix(count: number, users: number, strangers: number): MixUpdate[] {
  const members = mixPeople(users).map((p) => p.telegramId);
  const others = strangerIds(strangers);
  const steps = (userId: number, round: number): MixUpdate[] => [
    message(userId, "/help"),
    message(userId, "/me"),
    message(userId, "/meetings"),
    press(userId, `lang:${round % 2 ? "en" : "ru"}`, `q-${userId}-${round}`),
    message(userId, "/timezone"),
    message(userId, round % 2 ? "Asia/Almaty" : "Europe/Moscow"),
    message(others[(userId + round) % others.length] ?? FIRST_STRANGER_ID, "Hello, who are you?"),
  ];
  const out: MixUpdate[] = [];
  for (let round = 0; out.length < count; round++) {
    const perUser = members.map((id) => steps(id, round));
    const width = perUser[0]?.length ?? 0;
    for (let s = 0; s < width && out.length < count; s++) {
      for (const list of perUser) {
        const u = list[s];
        if (u && out.length < count) out.push(u);
      }
    }
  }
  return out;
}
