/**
 * The bare comparison for the loopback benchmark: a grammY bot under the runner, as the real bot
 * polls, that echoes text and answers button presses, and nothing else. Run as its own process.
 */
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN ?? "", {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? "" },
});
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
await bot.init();
const runner = run(bot, {
  runner: { fetch: { allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"] } },
});
process.stdout.write(`${JSON.stringify({ level: 30, msg: "bot running" })}\n`);
process.on("SIGTERM", () => {
  void runner.stop().then(() => process.exit(0));
});
