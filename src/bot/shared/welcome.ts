/**
 * What a person is told they can do: the welcome after joining and `/help`, both by role.
 */
import type { Person } from "../../domain/people/people.js";
import { commandsFor } from "../commands.js";
import type { Translate } from "../i18n.js";

/** The commands of the role with their descriptions, one per line. */
export function commandList(t: Translate, person: Pick<Person, "role">): string {
  return commandsFor(person.role)
    .map((c) => `/${c.command} — ${t(`commands:${c.command}`)}`)
    .join("\n");
}

/** `/help`: what this role is for, then its commands. */
export function helpText(t: Translate, person: Pick<Person, "role">): string {
  return `${t(`help:about_${person.role}`)}\n\n${commandList(t, person)}`;
}

/** Sent once the invitation is used. */
export function welcomeText(t: Translate, person: Person, affiliation: string | null): string {
  const who = t("join:welcome", {
    name: person.name,
    role: t(`roles:${person.role}`),
    affiliation: affiliation ?? t("roles:secretariat_body"),
  });
  return `${who}\n\n${helpText(t, person)}`;
}
