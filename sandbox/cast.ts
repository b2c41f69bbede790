/**
 * Who is in the sandbox: the people ready at start (the secretariat, the coordinators of the four
 * member states and an observer, each in their own language) and the description of a person
 * the page shows. Names of roles and languages come from the bot's English locale files.
 */
import { readFileSync } from "node:fs";
import { projectPath } from "../src/paths.js";

export type Role = "secretariat" | "coordinator" | "alternate" | "observer";
export const ROLES: readonly Role[] = ["secretariat", "coordinator", "alternate", "observer"];

/** A person to bring in: `target` is a state code (coordinators, alternates, observers) or an organisation code (observers). */
export interface PersonSpec {
  firstName: string;
  lastName?: string;
  role: Role;
  target?: { kind: "state" | "org"; code: string };
  /** The bot language they choose when joining; also their Telegram app's language. */
  language: string;
}

/** The people ready at start, in the order they join (the secretariat first: it invites the others). */
export const CAST: readonly PersonSpec[] = [
  { firstName: "Saule", lastName: "Abenova", role: "secretariat", language: "en" },
  {
    firstName: "Aigerim",
    lastName: "Nurlanqyzy",
    role: "coordinator",
    target: { kind: "state", code: "KZ" },
    language: "kk",
  },
  {
    firstName: "Bakyt",
    lastName: "Asanov",
    role: "coordinator",
    target: { kind: "state", code: "KG" },
    language: "ky",
  },
  {
    firstName: "Firuz",
    lastName: "Rahimov",
    role: "coordinator",
    target: { kind: "state", code: "TJ" },
    language: "tg",
  },
  {
    firstName: "Merdan",
    lastName: "Atayev",
    role: "coordinator",
    target: { kind: "state", code: "TM" },
    language: "tk",
  },
  {
    firstName: "Olga",
    lastName: "Petrova",
    role: "observer",
    target: { kind: "org", code: "UNHCR" },
    language: "ru",
  },
];

/** A person as the page lists them. */
export interface PersonView {
  id: number;
  name: string;
  role: Role;
  roleName: string;
  /** State or organisation name (English), or null for the secretariat. */
  affiliation: string | null;
  language: string;
  languageName: string;
  status: "joining" | "joined" | "failed";
  /** Why joining failed, when it did. */
  problem?: string;
}

function englishNames(file: string): Record<string, string> {
  return JSON.parse(readFileSync(projectPath("locales", "en", file), "utf8")) as Record<string, string>;
}

/** English names of roles and languages, as the bot itself says them. */
export const NAMES = {
  roles: englishNames("roles.json"),
  languages: englishNames("languages.json"),
};

/** The languages the bot ships (folders of locales/ that have a name). */
export const LANGUAGES: readonly string[] = Object.keys(NAMES.languages);

/** Checks a person asked for by the page; returns what is wrong, or undefined. */
export function problemWith(
  spec: PersonSpec,
  targets: { states: string[]; orgs: string[] },
): string | undefined {
  if (!spec.firstName.trim() || spec.firstName.length > 60) return "a first name of 1–60 characters";
  if ((spec.lastName ?? "").length > 60) return "a last name of at most 60 characters";
  if (!ROLES.includes(spec.role)) return `a role: ${ROLES.join(", ")}`;
  if (!LANGUAGES.includes(spec.language)) return `a language: ${LANGUAGES.join(", ")}`;
  const t = spec.target;
  if (spec.role === "secretariat") return t ? "no state or organisation for the secretariat" : undefined;
  if (!t) return "a state or organisation";
  if (t.kind === "org" && spec.role !== "observer")
    return "a state (only observers represent an organisation)";
  const known = t.kind === "state" ? targets.states : targets.orgs;
  return known.includes(t.code) ? undefined : `a known ${t.kind === "state" ? "state" : "organisation"}`;
}
