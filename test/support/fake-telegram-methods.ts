/**
 * Bot-level Bot API methods of the fake Telegram server (getMe, getUpdates, webhooks, commands,
 * profile texts, menu button, getChat, getChatMember) and the registry of all supported methods,
 * looked up case-insensitively like Telegram does.
 */
import type { BotCommand } from "grammy/types";
import { Described, type MethodHandler, scopeKey } from "./fake-telegram-context.js";
import { MESSAGE_METHODS } from "./fake-telegram-messages.js";
import { asRecord, badRequest, type Params } from "./fake-telegram-types.js";

function languageOf(p: Params): string {
  const lang = p.str("language_code") ?? "";
  if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("invalid language code specified");
  return lang;
}

function parseCommands(p: Params): BotCommand[] {
  const raw = p.json("commands");
  if (!Array.isArray(raw)) throw badRequest("can't parse commands JSON object");
  if (raw.length > 100) throw badRequest("too many commands specified");
  return raw.map((c) => {
    const cmd = asRecord(c);
    const command = cmd?.command;
    const description = cmd?.description;
    if (typeof command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command))
      throw badRequest("BOT_COMMAND_INVALID");
    if (typeof description !== "string" || description.trim() === "" || description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    return { command, description };
  });
}

const profileMethods = (kind: string, field: string): Record<string, MethodHandler> => ({
  [`setMy${kind}`](ctx, p) {
    const key = `${kind}|${languageOf(p)}`;
    const value = p.str(field) ?? "";
    if (value === "") ctx.profile.delete(key);
    else ctx.profile.set(key, value);
    return true;
  },
  [`getMy${kind}`](ctx, p) {
    return { [field]: ctx.profile.get(`${kind}|${languageOf(p)}`) ?? "" };
  },
});

const BOT_METHODS: Record<string, MethodHandler> = {
  getMe: (ctx) => ctx.me,
  getUpdates(ctx, p, signal) {
    const allowed = p.json("allowed_updates");
    if (Array.isArray(allowed)) {
      ctx.updates.allowedUpdates = allowed.length > 0 ? allowed.map(String) : undefined;
    }
    const limit = Math.min(100, Math.max(1, p.int("limit") ?? 100));
    return ctx.updates.poll(p.int("offset") ?? 0, limit, p.int("timeout") ?? 0, signal);
  },
  setWebhook(ctx, p) {
    const url = p.str("url") ?? "";
    const drop = p.bool("drop_pending_updates");
    if (url === "") {
      const had = ctx.updates.deleteWebhook(drop);
      return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest("bad webhook: invalid URL");
    }
    const local = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost";
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && local)) {
      throw badRequest("bad webhook: HTTPS url must be provided for webhook");
    }
    const secret = p.str("secret_token");
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw badRequest("secret token contains unallowed characters");
    }
    const allowed = p.json("allowed_updates");
    const same = ctx.updates.webhook?.url === url;
    ctx.updates.setWebhook(
      {
        url,
        ...(secret ? { secretToken: secret } : {}),
        ...(Array.isArray(allowed) && allowed.length > 0 ? { allowedUpdates: allowed.map(String) } : {}),
        maxConnections: p.int("max_connections") ?? 40,
      },
      drop,
    );
    return new Described(true, same ? "Webhook is already set" : "Webhook was set");
  },
  deleteWebhook(ctx, p) {
    const had = ctx.updates.deleteWebhook(p.bool("drop_pending_updates"));
    return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
  },
  getWebhookInfo(ctx) {
    const hook = ctx.updates.webhook;
    return {
      url: hook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: ctx.updates.pendingCount(),
      ...(hook
        ? {
            ip_address: "127.0.0.1",
            max_connections: hook.maxConnections,
            ...(hook.allowedUpdates ? { allowed_updates: hook.allowedUpdates } : {}),
            ...(hook.lastErrorDate !== undefined
              ? { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage }
              : {}),
          }
        : {}),
    };
  },
  setMyCommands(ctx, p) {
    const scope = p.json("scope");
    const languageCode = languageOf(p);
    const key = scopeKey(scope, languageCode);
    const commands = parseCommands(p);
    if (commands.length === 0) ctx.commands.delete(key);
    else ctx.commands.set(key, commands);
    ctx.state.observer.emit("commands", { scope: scope ?? { type: "default" }, languageCode, commands });
    return true;
  },
  deleteMyCommands(ctx, p) {
    const scope = p.json("scope");
    const languageCode = languageOf(p);
    ctx.commands.delete(scopeKey(scope, languageCode));
    ctx.state.observer.emit("commands", { scope: scope ?? { type: "default" }, languageCode, commands: [] });
    return true;
  },
  getMyCommands: (ctx, p) => ctx.commands.get(scopeKey(p.json("scope"), languageOf(p))) ?? [],
  ...profileMethods("Name", "name"),
  ...profileMethods("Description", "description"),
  ...profileMethods("ShortDescription", "short_description"),
  setChatMenuButton(ctx, p) {
    const button = p.json("menu_button") ?? { type: "default" };
    const type = asRecord(button)?.type;
    if (type !== "default" && type !== "commands" && type !== "web_app") {
      throw badRequest("can't parse menu button JSON object");
    }
    if (p.has("chat_id")) {
      const chat = ctx.state.resolveChat(p.chatId());
      if (chat.chat.type !== "private") throw badRequest("menu button can be changed only in private chats");
      chat.menuButton = button;
    } else ctx.defaultMenuButton = button;
    return true;
  },
  getChatMenuButton(ctx, p) {
    const chat = p.has("chat_id") ? ctx.state.resolveChat(p.chatId()) : undefined;
    const button = asRecord(chat?.menuButton ?? ctx.defaultMenuButton);
    return button && button.type !== "default" ? button : { type: "commands" };
  },
  getChat(ctx, p) {
    const { chat } = ctx.state.resolveChat(p.chatId());
    return { ...chat, accent_color_id: 0, max_reaction_count: 11 };
  },
  getChatMember(ctx, p) {
    const chat = ctx.state.resolveChat(p.chatId());
    const userId = p.int("user_id");
    const user = userId === undefined ? undefined : ctx.state.users.get(userId);
    if (!user) throw badRequest("user not found");
    if (chat.chat.type === "private") {
      const inChat = user.id === chat.user?.id || user.id === ctx.bot.id;
      return { status: inChat ? "member" : "left", user };
    }
    const status = chat.members.get(user.id)?.status ?? "left";
    if (status === "creator") return { status, user, is_anonymous: false };
    if (status === "kicked") return { status, user, until_date: 0 };
    if (status === "administrator") {
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      };
    }
    return { status, user };
  },
};

/** All supported methods keyed by lower-cased name (Telegram method names are case-insensitive). */
export const METHODS: ReadonlyMap<string, MethodHandler> = new Map(
  Object.entries({ ...BOT_METHODS, ...MESSAGE_METHODS }).map(([name, handler]) => [
    name.toLowerCase(),
    handler,
  ]),
);
