/**
 * One sandbox world: the fake Telegram Bot API, the real bot process pointed at it with a database
 * of its own (a fresh temporary folder, never DATABASE_PATH), and the simulated people, each of
 * whom joined through the bot's invitation flow. A reset throws the world away and makes a new one.
 */
import { rmSync } from "node:fs";
import SQLite from "better-sqlite3";
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { TOKEN } from "../test/support/scenario.js";
import type { SimUser } from "../test/support/sim-user.js";
import { NAMES, type PersonSpec, type PersonView } from "./cast.js";
import type { SandboxClock } from "./clock.js";
import { inviteInChat, joinWithLink } from "./joining.js";

/** A state or organisation a person can be invited for. */
export interface Target {
  code: string;
  name: string;
}

export interface Person {
  spec: PersonSpec;
  sim: SimUser;
  view: PersonView;
}

const FIRST_ID = 1001;
const LOG_EVERY_MS = 2_000;
const ERROR = 50;

export class SandboxWorld {
  readonly people = new Map<number, Person>();
  private nextId = FIRST_ID;
  private logTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly fake: FakeTelegram,
    readonly bot: BotProcess,
    readonly targets: { states: Target[]; orgs: Target[] },
  ) {}

  /** Starts the fake server and the bot on the sandbox's clock; the bot's errors go to `log`. */
  static async start(clock: SandboxClock, log: (line: string) => void): Promise<SandboxWorld> {
    const fake = new FakeTelegram({ token: TOKEN, clock: () => clock.now() });
    await fake.start();
    const bot = new BotProcess({ apiRoot: fake.apiRoot, token: TOKEN, env: { LOG_LEVEL: "info" } });
    clock.drive(bot);
    try {
      await bot.start();
    } catch (error) {
      await fake.stop();
      rmSync(bot.dir, { recursive: true, force: true });
      throw error;
    }
    const world = new SandboxWorld(fake, bot, readTargets(bot.databasePath));
    world.logTimer = setInterval(() => world.forwardLogs(log), LOG_EVERY_MS);
    return world;
  }

  /** The first secretariat member (who invites everyone else). */
  get secretariat(): Person | undefined {
    return [...this.people.values()].find((p) => p.spec.role === "secretariat" && p.view.status === "joined");
  }

  /**
   * Makes a simulated person and gets them an invitation (from the CLI when there is no secretariat
   * member yet, else through the secretariat's /invite); `joined` settles when the bot has welcomed them.
   */
  async invite(spec: PersonSpec, onChange: () => void): Promise<{ person: Person; joined: Promise<void> }> {
    const id = this.nextId++;
    const sim = this.fake.user({
      id,
      first_name: spec.firstName,
      ...(spec.lastName ? { last_name: spec.lastName } : {}),
      language_code: spec.language,
    });
    const person: Person = { spec, sim, view: this.describe(id, spec) };
    this.people.set(id, person);
    onChange();
    const fail = (error: unknown) => {
      person.view.status = "failed";
      person.view.problem = error instanceof Error ? error.message.split("\n")[0] : String(error);
      onChange();
    };
    let link: string;
    try {
      const inviter = this.secretariat;
      link = inviter
        ? await inviteInChat(this.fake, inviter.sim, spec)
        : (await this.bot.admin("invite", "--role", "secretariat")).stdout.trim();
    } catch (error) {
      fail(error);
      return { person, joined: Promise.resolve() };
    }
    const joined = joinWithLink(this.fake, sim, link, spec.language).then(() => {
      person.view.status = "joined";
      onChange();
    }, fail);
    return { person, joined };
  }

  /** Stops the bot and the fake server and deletes the world's database. */
  async stop(): Promise<void> {
    clearInterval(this.logTimer);
    await this.bot.stop().catch(() => undefined);
    await this.fake.stop();
    rmSync(this.bot.dir, { recursive: true, force: true });
  }

  private describe(id: number, spec: PersonSpec): PersonView {
    const t = spec.target;
    const list = t?.kind === "org" ? this.targets.orgs : this.targets.states;
    return {
      id,
      name: [spec.firstName, spec.lastName].filter(Boolean).join(" "),
      role: spec.role,
      roleName: NAMES.roles[spec.role] ?? spec.role,
      affiliation: t ? (list.find((x) => x.code === t.code)?.name ?? t.code) : null,
      language: spec.language,
      languageName: NAMES.languages[spec.language] ?? spec.language,
      status: "joining",
    };
  }

  /** Passes on the bot's errors, and keeps its log buffers from growing. */
  private forwardLogs(log: (line: string) => void): void {
    for (const line of this.bot.logs)
      if (line.level >= ERROR) log(`bot: ${line.msg} ${JSON.stringify(line)}`);
    this.bot.logs.length = 0;
    this.bot.rawOutput = "";
  }
}

/** The states and organisations of the reference data, by their English names (read only). */
function readTargets(databasePath: string): { states: Target[]; orgs: Target[] } {
  const db = new SQLite(databasePath, { readonly: true });
  try {
    const states = db
      .prepare(
        `SELECT s.code AS code, n.name AS name FROM states s
         JOIN state_names n ON n.state_code = s.code AND n.lang = 'en' ORDER BY s.sort_order`,
      )
      .all() as Target[];
    const orgs = db
      .prepare(
        `SELECT o.code AS code, n.name AS name FROM organisations o
         JOIN organisation_names n ON n.org_code = o.code AND n.lang = 'en' ORDER BY o.sort_order`,
      )
      .all() as Target[];
    return { states, orgs };
  } finally {
    db.close();
  }
}
