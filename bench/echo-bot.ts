/**
 * The bare comparison of the benchmarks: a grammY bot under `run()` from @grammyjs/runner with
 * `sequentialize` per chat and grammY's default client, that answers each text with sendMessage and
 * each button press with answerCallbackQuery, and nothing else. Run as its own process.
 */
import { run, sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN ?? "", {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? "" },
});
bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
await bot.init();
const runner = run(bot);
process.stdout.write(`${JSON.stringify({ level: 30, msg: "bot running" })}\n`);
process.on("SIGTERM", () => {
  void runner.stop().then(() => process.exit(0));
});
