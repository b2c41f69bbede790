/**
 * The sandbox as the page sees it: the current world and its status, the clock, and what a page
 * may do — send text or a file as a person, press a button, add a person, move time forward,
 * reset. Changes of the world (new people, resets, time) go to every open page as live events;
 * operations that use the secretariat's chat (inviting) run one at a time.
 */
import type { Message } from "grammy/types";
import { CAST, NAMES, type PersonSpec, type PersonView, problemWith } from "./cast.js";
import { SandboxClock } from "./clock.js";
import { ChatFeed, type ChatSnapshot } from "./feed.js";
import { LiveHub } from "./live.js";
import { type Person, SandboxWorld } from "./world.js";

export type Status = "starting" | "ready" | "resetting" | "failed";

/** A request the sandbox refuses, with a sentence for the page. */
export class Refusal extends Error {}

const MAX_TEXT = 4096;
const MAX_ADVANCE_MS = 366 * 86_400_000;

export class Sandbox {
  readonly clock = new SandboxClock();
  readonly live = new LiveHub();
  status: Status = "starting";
  private world: SandboxWorld | undefined;
  private feed: ChatFeed | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: (line: string) => void) {}

  /** Starts the first world; resolves when everyone of the cast has joined. */
  start(): Promise<void> {
    return this.serially(() => this.makeWorld());
  }

  /** Throws the world away and makes a new one from scratch (database, chats, people, time). */
  reset(): Promise<void> {
    return this.serially(async () => {
      this.setStatus("resetting");
      await this.dropWorld();
      this.clock.rewind();
      await this.makeWorld();
    });
  }

  async stop(): Promise<void> {
    await this.dropWorld();
    this.live.close();
  }

  /** What the page shows around the chats. */
  state() {
    const world = this.world;
    return {
      status: this.status,
      people: this.people(),
      clock: this.clockView(),
      targets: world?.targets ?? { states: [], orgs: [] },
      languages: NAMES.languages,
      botName: world?.fake.botUser.first_name ?? "",
      databasePath: world?.bot.databasePath ?? null,
    };
  }

  people(): PersonView[] {
    return [...(this.world?.people.values() ?? [])].map((p) => p.view);
  }

  chats(): Record<number, ChatSnapshot> {
    const feed = this.feed;
    if (!feed) return {};
    return Object.fromEntries(this.people().map((p) => [p.id, feed.snapshot(p.id)]));
  }

  chat(id: number): ChatSnapshot {
    this.person(id);
    return this.requireFeed().snapshot(id);
  }

  /** A stored file (documents and pictures the bot sent), by file id. */
  file(fileId: string) {
    return this.world?.fake.file(fileId);
  }

  /** The person types and sends a text or a command. */
  send(id: number, text: unknown): Message {
    if (typeof text !== "string" || text.trim() === "") throw new Refusal("Type something to send.");
    if (text.length > MAX_TEXT) throw new Refusal(`A message has at most ${MAX_TEXT} characters.`);
    const person = this.person(id);
    return this.sent(id, person.sim.send(text));
  }

  /** The person sends a file as a document. */
  sendDocument(id: number, filename: string, mimeType: string, content: Buffer): Message {
    if (content.length === 0) throw new Refusal("The file is empty.");
    const person = this.person(id);
    return this.sent(id, person.sim.sendDocument({ filename, content, mimeType }));
  }

  /** The person presses an inline button; the bot's answer comes as a live event. */
  press(id: number, messageId: unknown, data: unknown): void {
    if (typeof data !== "string" || typeof messageId !== "number") throw new Refusal("Which button?");
    const person = this.person(id);
    const chat = person.sim.chat;
    const message = chat.messages.get(messageId);
    const offered = message?.reply_markup?.inline_keyboard
      .flat()
      .some((b) => "callback_data" in b && b.callback_data === data);
    if (!message || chat.deleted.has(messageId) || !offered)
      throw new Refusal("That button is not there any more.");
    person.sim.pressData(data, messageId).catch((error: unknown) => {
      this.live.send("notice", {
        text: `The bot did not answer the button: ${String(error).split("\n")[0]}`,
      });
    });
  }

  /** Brings a new person in through the secretariat's /invite; resolves with their id once invited. */
  addPerson(spec: PersonSpec): Promise<PersonView> {
    const world = this.requireWorld();
    const problem = problemWith(spec, {
      states: world.targets.states.map((s) => s.code),
      orgs: world.targets.orgs.map((o) => o.code),
    });
    if (problem) return Promise.reject(new Refusal(`Please give ${problem}.`));
    return this.serially(async () => {
      if (this.world !== world) throw new Refusal("The sandbox was reset meanwhile; try again.");
      if (!world.secretariat) throw new Refusal("Nobody of the secretariat has joined yet to invite them.");
      const { person } = await world.invite(spec, () => this.peopleChanged(world));
      if (person.view.status === "failed") {
        world.people.delete(person.view.id);
        this.peopleChanged(world);
        throw new Refusal(`Not invited: ${person.view.problem ?? "the bot gave no link"}.`);
      }
      return person.view;
    });
  }

  /** Moves the sandbox's time forward. */
  advance(ms: unknown): void {
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE_MS)
      throw new Refusal("Time moves forward only, by at most a year at a time.");
    this.clock.advance(ms);
    this.live.send("clock", this.clockView());
  }

  private clockView() {
    return { now: this.clock.now(), aheadMs: this.clock.aheadMs };
  }

  private async makeWorld(): Promise<void> {
    this.setStatus("starting");
    try {
      const world = await SandboxWorld.start(this.clock, this.log);
      this.world = world;
      this.feed = new ChatFeed(world, this.live);
      this.live.send("reset", this.state());
      const joins: Promise<void>[] = [];
      for (const spec of CAST) {
        const { person, joined } = await world.invite(spec, () => this.peopleChanged(world));
        // The secretariat must be in before it can invite the others; they then join side by side.
        if (spec.role === "secretariat") await joined;
        else joins.push(joined);
        if (person.view.status === "failed") throw new Error(`${person.view.name}: ${person.view.problem}`);
      }
      await Promise.all(joins);
      const failed = this.people().filter((p) => p.status === "failed");
      if (failed.length) throw new Error(failed.map((p) => `${p.name}: ${p.problem}`).join("; "));
      this.setStatus("ready");
    } catch (error) {
      this.setStatus("failed");
      throw error;
    }
  }

  private async dropWorld(): Promise<void> {
    this.feed?.detach();
    this.feed = undefined;
    const world = this.world;
    this.world = undefined;
    await world?.stop();
  }

  private sent(id: number, message: Message): Message {
    this.requireFeed().touch(id, message.message_id);
    return message;
  }

  private peopleChanged(world: SandboxWorld): void {
    if (world === this.world) this.live.send("people", this.people());
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.live.send("status", { status });
  }

  private person(id: number): Person {
    const person = this.world?.people.get(id);
    if (!person) throw new Refusal("There is nobody with that id in the sandbox.");
    return person;
  }

  private requireWorld(): SandboxWorld {
    if (!this.world) throw new Refusal("The sandbox is not running right now.");
    return this.world;
  }

  private requireFeed(): ChatFeed {
    if (!this.feed) throw new Refusal("The sandbox is not running right now.");
    return this.feed;
  }

  private serially<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
