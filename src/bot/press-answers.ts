/**
 * What the bot says in answer to a button press (`answerCallbackQuery`). Telegram shows at most
 * 200 characters there and refuses a longer text, which would leave the person with an apology
 * instead of the answer. So every text said this way comes from a key listed here, with the
 * longest values it can carry, and a unit test renders each one in every language; refusals go
 * through `answerRefusal` (the `errors` namespace, which the same test covers whole). No other
 * code passes a text to `answerCallbackQuery` (a test reads the sources for it). A longer
 * explanation goes as a message.
 */
import type { Context } from "grammy";
import type { Translate } from "./i18n.js";

/** Telegram's limit for the text of an answer to a press. */
export const PRESS_ANSWER_LIMIT = 200;

/** The longest value each interpolated variable of a press answer can plausibly take. */
export type SampleValues = (t: Translate) => Record<string, string | number>;

const none: SampleValues = () => ({});

/** Every key a press may be answered with, and the longest values its variables can take. */
export const PRESS_ANSWERS = {
  "common:button_stale": none,
  "common:private_only": none,
  "common:see_message": none,
  "common:already_done": none,
  "access:stranger_press": none,
  "access:deactivated": none,
  "errors:not_allowed": none,
  "reviews:card_stale": none,
  "reviews:nothing_waiting": none,
  "reviews:finish_text_first": none,
  "reviews:confirmed_short": none,
  "reviews:recorded.position": (t) => ({
    position: longestOf(["support", "object", "abstain"].map((p) => t(`reviews:position.${p}`))),
    label: "x".repeat(20),
  }),
  "reviews:rounds.opened_short": none,
  "reviews:rounds.closed_short": none,
  "announcements:preview_button": none,
  "announcements:ack_thanks": none,
  "announcements:ack_already": none,
  "announcements:nothing_chosen": none,
  "invite:revoked": none,
  "meetings:status_declined": none,
} satisfies Record<string, SampleValues>;

export type PressAnswerKey = keyof typeof PRESS_ANSWERS;

/** The longest values of the variables that refusals (`errors:*`) carry. */
export const REFUSAL_SAMPLES: Record<string, string | number> = {
  max: 99_999,
  length: 99_999,
  left: 999,
  zone: "x".repeat(64),
  role: "secretariat",
};

function longestOf(texts: readonly string[]): string {
  return texts.reduce((a, b) => (b.length > a.length ? b : a), "");
}

/** What a press's context offers; flows and plain handlers alike. */
interface PressContext {
  callbackQuery?: Context["callbackQuery"];
  answerCallbackQuery: Context["answerCallbackQuery"];
  reply: Context["reply"];
  t: Translate;
}

async function answerWith(ctx: PressContext, text: string, alert: boolean, t: Translate): Promise<void> {
  if (text.length <= PRESS_ANSWER_LIMIT) {
    await ctx.answerCallbackQuery({ text, show_alert: alert });
    return;
  }
  // Never reached for the listed keys (the unit test holds them to the limit): a safety net.
  await ctx.answerCallbackQuery({ text: t("common:see_message") });
  await ctx.reply(text, { parse_mode: "HTML" });
}

/**
 * Answers a press with the text of `key`: a toast, or an alert the person must close. `in` gives
 * the languages when it is said in more than one (a stranger's refusal: theirs is not shipped).
 */
export async function answerPress(
  ctx: PressContext,
  key: PressAnswerKey,
  options: {
    params?: Record<string, string | number>;
    alert?: boolean;
    t?: Translate;
    in?: readonly Translate[];
  } = {},
): Promise<void> {
  const languages = options.in?.length ? options.in : [options.t ?? ctx.t];
  // A press's answer is plain text: values are shown as written, never HTML-escaped.
  const params = { ...options.params, interpolation: { escapeValue: false } };
  const text = languages.map((t) => t(key, params)).join("\n\n");
  await answerWith(ctx, text, options.alert ?? false, languages[0] ?? ctx.t);
}

/** Answers a press with a refusal (`errors:<key>`), as an alert. */
export async function answerRefusal(
  ctx: PressContext,
  key: string,
  params: Record<string, string | number> = {},
  t: Translate = ctx.t,
): Promise<void> {
  await answerWith(ctx, t(`errors:${key}`, params), true, t);
}
