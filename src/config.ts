/**
 * The process configuration: read from the environment (and `.env`) once, validated with a schema.
 * Nothing else in the code reads `process.env`.
 */
import { z } from "zod";

export const SHIPPED_LANGUAGES = ["ru", "en", "kk", "ky", "tg", "tk", "uz"] as const;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const schema = z
  .object({
    BOT_TOKEN: z
      .string({
        error: "is required: ask @BotFather in Telegram for a bot token (/newbot) and put it in .env",
      })
      .regex(/^\d+:[\w-]{20,}$/, {
        error: "does not look like a bot token (digits:letters); copy it again from @BotFather",
      }),
    TELEGRAM_API_ROOT: z
      .url({ error: "must be a URL such as https://api.telegram.org" })
      .default("https://api.telegram.org"),
    DATABASE_PATH: z.string().min(1).default("./data/bot.sqlite"),
    DEFAULT_LANGUAGE: z
      .enum(SHIPPED_LANGUAGES, { error: `must be one of: ${SHIPPED_LANGUAGES.join(", ")}` })
      .default("ru"),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
    BOT_MODE: z.enum(["polling", "webhook"], { error: "must be polling or webhook" }).default("polling"),
    WEBHOOK_URL: z.url({ error: "must be the public https URL Telegram should call" }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, { error: "must be 16-256 characters of A-Z, a-z, 0-9, _ or -" })
      .optional(),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(8080),
    TZ_DEFAULT: z
      .string()
      .refine(isTimeZone, { error: "must be an IANA time zone such as Asia/Almaty" })
      .default("Asia/Almaty"),
    INVITATION_TTL_DAYS: z.coerce
      .number({ error: "must be a number of days" })
      .int()
      .min(1)
      .max(90)
      .default(7),
    OUTBOX_RATE_PER_SECOND: z.coerce
      .number({ error: "must be a number (0 lifts the limit)" })
      .min(0)
      .default(30),
    OUTBOX_CHAT_INTERVAL_MS: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int()
      .min(0)
      .default(1000),
    DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "must be a local time HH:MM" })
      .default("09:00"),
    HEALTH_PORT: z.coerce
      .number({ error: "must be a port number (0: any free port, logged)" })
      .int()
      .min(0)
      .max(65535)
      .optional(),
    HEALTH_HOST: z.string().min(1).default("127.0.0.1"),
    HEALTH_STALE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(1).default(120),
    BACKUP_DIR: z.string().min(1).optional(),
    BACKUP_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "must be a local time HH:MM" })
      .default("03:30"),
    BACKUP_KEEP: z.coerce.number({ error: "must be a number of backups" }).int().min(1).default(14),
    SECRETARIAT_EMAIL: z
      .email({ error: "must be an e-mail address such as secretariat@example.org" })
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE === "webhook" && c.HEALTH_PORT === c.PORT) {
      ctx.addIssue({
        code: "custom",
        path: ["HEALTH_PORT"],
        message: "must differ from PORT (the webhook's port) in webhook mode",
      });
    }
    if (c.BOT_MODE === "webhook" && !c.WEBHOOK_URL) {
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "is required when BOT_MODE=webhook" });
    }
    if (c.BOT_MODE === "webhook" && !c.WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_SECRET"],
        message: "is required when BOT_MODE=webhook",
      });
    }
  });

export type Config = Readonly<{
  botToken: string;
  apiRoot: string;
  databasePath: string;
  defaultLanguage: (typeof SHIPPED_LANGUAGES)[number];
  logLevel: string;
  mode: "polling" | "webhook";
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  port: number;
  defaultTimeZone: string;
  invitationTtlDays: number;
  outboxRatePerSecond: number;
  outboxChatIntervalMs: number;
  digestTime: string;
  /** Port of the health and metrics server; undefined: no server. */
  healthPort: number | undefined;
  healthHost: string;
  /** Polling that has not succeeded for longer than this makes /healthz answer 503. */
  healthStaleSeconds: number;
  /** Folder of the daily backups; undefined: no daily backup. */
  backupDir: string | undefined;
  /** Local time (in `defaultTimeZone`) of the daily backup, HH:MM. */
  backupTime: string;
  backupKeep: number;
  /** The organizer of the calendar files' meetings, when set; without it they are published events. */
  secretariatEmail: string | undefined;
}>;

/** A configuration problem, worded for the operator: one line per variable. */
export class ConfigError extends Error {}

/** Validates the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "config"} ${issue.message}`);
    throw new ConfigError(lines.join("\n"));
  }
  const c = parsed.data;
  return Object.freeze({
    botToken: c.BOT_TOKEN,
    apiRoot: c.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
    databasePath: c.DATABASE_PATH,
    defaultLanguage: c.DEFAULT_LANGUAGE,
    logLevel: c.LOG_LEVEL,
    mode: c.BOT_MODE,
    webhookUrl: c.WEBHOOK_URL,
    webhookSecret: c.WEBHOOK_SECRET,
    port: c.PORT,
    defaultTimeZone: c.TZ_DEFAULT,
    invitationTtlDays: c.INVITATION_TTL_DAYS,
    outboxRatePerSecond: c.OUTBOX_RATE_PER_SECOND === 0 ? Number.POSITIVE_INFINITY : c.OUTBOX_RATE_PER_SECOND,
    outboxChatIntervalMs: c.OUTBOX_CHAT_INTERVAL_MS,
    digestTime: c.DIGEST_TIME,
    healthPort: c.HEALTH_PORT,
    healthHost: c.HEALTH_HOST,
    healthStaleSeconds: c.HEALTH_STALE_SECONDS,
    backupDir: c.BACKUP_DIR,
    backupTime: c.BACKUP_TIME,
    backupKeep: c.BACKUP_KEEP,
    secretariatEmail: c.SECRETARIAT_EMAIL,
  });
}

/** The subset the operator's maintenance commands need: no token required. */
export function loadStorageConfig(
  env: NodeJS.ProcessEnv,
): Pick<Config, "databasePath" | "logLevel" | "defaultTimeZone"> {
  const placeholder = { BOT_TOKEN: "1:placeholder-token-for-maintenance-only" };
  const c = loadConfig({ ...placeholder, ...env, ...(env.BOT_TOKEN ? {} : placeholder) });
  return { databasePath: c.databasePath, logLevel: c.logLevel, defaultTimeZone: c.defaultTimeZone };
}
