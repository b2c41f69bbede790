/**
 * /announce: content (and optional versions in other languages) → audience → acknowledgement →
 * a preview of every version exactly as its recipients will see it, with the number of
 * recipients and the audience chosen → send or cancel (the two buttons then go).
 * Every step that goes wrong answers and asks again; nothing is saved until "Send".
 */
import type { Message } from "grammy/types";
import {
  type AnnouncementContent,
  type AnnouncementDraft,
  contentProblem,
  countRecipients,
  sendAnnouncement,
  setProgressMessage,
} from "../../../domain/announcements/announcements.js";
import type { Audience } from "../../../domain/announcements/audience.js";
import { isDomainError } from "../../../domain/errors.js";
import { meetingTitles, pickTitle, upcomingMeetings } from "../../../domain/meetings/meetings.js";
import { listStates } from "../../../domain/reference.js";
import type { BotConversation, FlowContext } from "../../context.js";
import type { Translate } from "../../i18n.js";
import { answerPress } from "../../press-answers.js";
import { waitForButton } from "../../waiting.js";
import { audienceText } from "./describe.js";
import {
  ackQuestionKeyboard,
  announceStep,
  audienceKeyboard,
  confirmKeyboard,
  meetingChoiceKeyboard,
  moreVersionsKeyboard,
  roleOptions,
  toggleKeyboard,
} from "./keyboards.js";
import { announcementMessage } from "./render.js";

export const ANNOUNCE_FLOW = "announce";

/** What a message holds as announcement content, or undefined for kinds we do not send. */
function contentOf(message: Message | undefined): AnnouncementContent | undefined {
  if (!message) return undefined;
  if (message.text !== undefined)
    return { kind: "text", text: message.text, ...(message.entities ? { entities: message.entities } : {}) };
  const caption = message.caption !== undefined ? { caption: message.caption } : {};
  const entities = message.caption_entities ? { entities: message.caption_entities } : {};
  const photo = message.photo?.at(-1);
  if (photo) return { kind: "photo", fileId: photo.file_id, ...caption, ...entities };
  if (message.document)
    return { kind: "document", fileId: message.document.file_id, ...caption, ...entities };
  return undefined;
}

async function askContent(conversation: BotConversation, ctx: FlowContext): Promise<AnnouncementContent> {
  for (;;) {
    const next = await conversation.wait();
    if (next.callbackQuery) {
      await answerPress(next, "common:button_stale", { alert: true, t: ctx.t });
      continue;
    }
    if (next.message?.text?.startsWith("/")) {
      await next.reply(ctx.t("common:finish_or_cancel"));
      continue;
    }
    const content = contentOf(next.message);
    if (!content) {
      await next.reply(ctx.t("announcements:unsupported"));
      continue;
    }
    const problem = contentProblem(content);
    if (problem) {
      await next.reply(ctx.t(`announcements:${problem.key}`, problem.params ?? {}));
      continue;
    }
    return content;
  }
}

async function chooseMany(
  conversation: BotConversation,
  ctx: FlowContext,
  step: "state" | "role",
  options: { value: string; label: string }[],
  initial: string[],
): Promise<string[]> {
  let chosen = initial;
  const prompt = await ctx.reply(
    ctx.t(step === "state" ? "announcements:choose_states" : "announcements:choose_roles"),
    {
      reply_markup: toggleKeyboard(ctx.t, step, options, chosen),
    },
  );
  for (;;) {
    const { ctx: press, values } = await waitForButton(conversation, announceStep);
    if (values.step !== step) {
      await answerPress(press, "common:button_stale", { alert: true, t: ctx.t });
      continue;
    }
    if (values.value === "done") {
      if (chosen.length === 0) {
        await answerPress(press, "announcements:nothing_chosen", { alert: true, t: ctx.t });
        continue;
      }
      await press.answerCallbackQuery();
      return chosen;
    }
    if (!options.some((o) => o.value === values.value)) {
      await answerPress(press, "common:button_stale", { alert: true, t: ctx.t });
      continue;
    }
    chosen = chosen.includes(values.value)
      ? chosen.filter((v) => v !== values.value)
      : [...chosen, values.value];
    await press.answerCallbackQuery();
    await ctx.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id, {
      reply_markup: toggleKeyboard(ctx.t, step, options, chosen),
    });
  }
}

/** One of the upcoming meetings, or undefined when there is none. */
async function chooseMeeting(conversation: BotConversation, ctx: FlowContext): Promise<number | undefined> {
  const meetings = await conversation.external(async (outer) => {
    const upcoming = await upcomingMeetings(outer.deps.db, outer.deps.clock.now());
    return Promise.all(
      upcoming.map(async (m) => ({
        id: m.id,
        title: pickTitle(await meetingTitles(outer.deps.db, m.id), outer.lang),
      })),
    );
  });
  if (!meetings.length) {
    await ctx.reply(ctx.t("announcements:no_meetings"));
    return undefined;
  }
  await ctx.reply(ctx.t("announcements:choose_meeting"), { reply_markup: meetingChoiceKeyboard(meetings) });
  for (;;) {
    const { ctx: press, values } = await waitForButton(conversation, announceStep);
    const id = Number(values.value);
    if (values.step === "meeting" && meetings.some((m) => m.id === id)) {
      await press.answerCallbackQuery();
      return id;
    }
    await answerPress(press, "common:button_stale", { alert: true, t: ctx.t });
  }
}

async function chooseAudience(
  conversation: BotConversation,
  ctx: FlowContext,
): Promise<{ audience: Audience; count: number }> {
  for (;;) {
    await ctx.reply(ctx.t("announcements:choose_audience"), { reply_markup: audienceKeyboard(ctx.t) });
    const { ctx: press, values } = await waitForButton(conversation, announceStep);
    await press.answerCallbackQuery();
    let audience: Audience;
    if (values.step !== "audience") continue;
    if (values.value === "everyone" || values.value === "members") {
      audience = { kind: values.value };
    } else if (values.value === "states") {
      const states = await conversation.external((outer) => listStates(outer.deps.db, outer.lang));
      const chosen = await chooseMany(
        conversation,
        ctx,
        "state",
        states.map((s) => ({ value: s.code, label: s.name })),
        [],
      );
      audience = { kind: "states", states: chosen };
    } else if (values.value === "roles") {
      const chosen = await chooseMany(conversation, ctx, "role", roleOptions(ctx.t), []);
      audience = { kind: "roles", roles: chosen as Extract<Audience, { kind: "roles" }>["roles"] };
    } else if (values.value === "invited" || values.value === "attending") {
      const meetingId = await chooseMeeting(conversation, ctx);
      if (meetingId === undefined) continue;
      audience = { kind: "meeting", meetingId, which: values.value };
    } else {
      continue;
    }
    const count = await conversation.external(async (outer) =>
      outer.person ? countRecipients(outer.deps.db, audience, outer.person) : 0,
    );
    if (count > 0) return { audience, count };
    await ctx.reply(ctx.t("announcements:audience_nobody"));
  }
}

async function sendPreview(
  ctx: FlowContext,
  content: AnnouncementContent,
  ack: boolean,
  t: Translate,
): Promise<void> {
  const m = announcementMessage(content, t, ack ? 0 : null);
  const reply_markup = m.buttons ? { inline_keyboard: m.buttons } : undefined;
  if (m.type === "text") {
    await ctx.reply(m.text, {
      ...(m.entities ? { entities: m.entities } : {}),
      ...(reply_markup ? { reply_markup } : {}),
    });
  } else if (m.type === "photo") {
    await ctx.replyWithPhoto(m.fileId, {
      ...(m.caption !== undefined ? { caption: m.caption } : {}),
      ...(m.captionEntities ? { caption_entities: m.captionEntities } : {}),
      ...(reply_markup ? { reply_markup } : {}),
    });
  } else if (m.fileId) {
    await ctx.replyWithDocument(m.fileId, {
      ...(m.caption !== undefined ? { caption: m.caption } : {}),
      ...(m.captionEntities ? { caption_entities: m.captionEntities } : {}),
      ...(reply_markup ? { reply_markup } : {}),
    });
  }
}

/** The conversation. */
export async function announceFlow(conversation: BotConversation, ctx: FlowContext): Promise<void> {
  const { translations } = ctx.deps;
  const defaultLang = ctx.lang;
  // Languages are named in the interface's language ("Send the Russian version").
  const languageName = (lang: string) => ctx.t(`languages:${lang}`);
  await ctx.reply(ctx.t("announcements:ask_content", { language: languageName(defaultLang) }), {
    parse_mode: "HTML",
  });
  const versions: Record<string, AnnouncementContent> = {
    [defaultLang]: await askContent(conversation, ctx),
  };

  for (;;) {
    const missing = translations.languages.filter((l) => !versions[l]);
    if (!missing.length) break;
    await ctx.reply(ctx.t("announcements:more_versions"), {
      reply_markup: moreVersionsKeyboard(ctx.t, missing),
    });
    const { ctx: press, values } = await waitForButton(conversation, announceStep);
    await press.answerCallbackQuery();
    if (values.step !== "version" || values.value === "done") break;
    if (!missing.includes(values.value)) continue;
    await ctx.reply(ctx.t("announcements:ask_version", { language: languageName(values.value) }), {
      parse_mode: "HTML",
    });
    versions[values.value] = await askContent(conversation, ctx);
  }

  const { audience, count } = await chooseAudience(conversation, ctx);

  await ctx.reply(ctx.t("announcements:ask_ack"), { reply_markup: ackQuestionKeyboard(ctx.t) });
  let ack = false;
  for (;;) {
    const { ctx: press, values } = await waitForButton(conversation, announceStep);
    await press.answerCallbackQuery();
    if (values.step === "ack") {
      ack = values.value === "yes";
      break;
    }
  }

  await ctx.reply(ctx.t("announcements:preview_intro"));
  // Every version, the default first, each as its recipients will see it (a version in the
  // recipients' language is what they get; the default goes to everyone else).
  const order = [defaultLang, ...Object.keys(versions).filter((l) => l !== defaultLang)];
  for (const lang of order) {
    const version = versions[lang];
    if (!version) continue;
    if (order.length > 1) {
      const key = lang === defaultLang ? "preview_version_default" : "preview_version";
      await ctx.reply(ctx.t(`announcements:${key}`, { language: languageName(lang) }), {
        parse_mode: "HTML",
      });
    }
    // A version's own recipients see its Acknowledge button in their language.
    await sendPreview(ctx, version, ack, lang === defaultLang ? ctx.t : translations.forLanguage(lang));
  }
  const described = await conversation.external((outer) =>
    audienceText(outer.deps.db, outer.t, outer.lang, audience),
  );
  await ctx.reply(
    ctx.t("announcements:confirm", {
      count,
      versions: order.map(languageName).join(", "),
      audience: described,
    }),
    { parse_mode: "HTML", reply_markup: confirmKeyboard(ctx.t) },
  );
  for (;;) {
    const { ctx: press, values } = await waitForButton(conversation, announceStep);
    if (values.step !== "confirm") {
      await answerPress(press, "common:button_stale", { alert: true, t: ctx.t });
      continue;
    }
    await press.answerCallbackQuery();
    // Answered: Send and Cancel go, so that neither can be pressed a second time.
    await press.editMessageReplyMarkup().catch(() => undefined);
    if (values.value === "cancel") {
      await ctx.reply(ctx.t("announcements:cancelled"));
      return;
    }
    break;
  }

  const draft: AnnouncementDraft = { versions, defaultLang, audience, ackRequested: ack };
  const chatId = ctx.chat?.id ?? 0;
  const created = await conversation.external(async (outer) => {
    if (!outer.person) return { error: "not_allowed" };
    try {
      const { announcement, recipients } = await sendAnnouncement(
        outer.deps.db,
        outer.person,
        draft,
        { chatId, messageId: null },
        outer.deps.clock.now(),
      );
      return { id: announcement.id, recipients };
    } catch (error) {
      if (isDomainError(error)) return { error: error.key };
      throw error;
    }
  });
  if ("error" in created) {
    await ctx.reply(ctx.t(`errors:${created.error}`));
    return;
  }
  const shown = ctx.t("announcements:progress", {
    id: created.id,
    sent: 0,
    total: created.recipients,
    blocked: 0,
    failed: 0,
  });
  const progress = await ctx.reply(shown);
  await conversation.external(async (outer) => {
    await setProgressMessage(outer.deps.db, created.id, progress.message_id, shown);
    outer.deps.wakeOutbox?.();
  });
}
