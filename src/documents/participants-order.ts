/**
 * The order of a list of participants, shared by its Word and Excel forms: the states that attend,
 * in the alphabetical order of the document's language, then the organisations (the observers'
 * delegations), then apart the parties that declined and those that did not answer. Within a
 * delegation the order is the one it was named in: the head of delegation first.
 */
import type { ParticipantsRecord, RecordedParty } from "../domain/meetings/participants.js";

export interface ParticipantsOrder {
  states: RecordedParty[];
  organisations: RecordedParty[];
  declined: RecordedParty[];
  noAnswer: RecordedParty[];
}

const collators = new Map<string, Intl.Collator>();

function collator(lang: string): Intl.Collator {
  let found = collators.get(lang);
  if (!found) {
    found = new Intl.Collator(lang, { sensitivity: "base", numeric: true });
    collators.set(lang, found);
  }
  return found;
}

/** The record's parties grouped and sorted for a list in `documentLanguage`. */
export function participantsOrder(record: ParticipantsRecord, documentLanguage: string): ParticipantsOrder {
  const compare = collator(documentLanguage);
  const sorted = [...record.parties].sort(
    (a, b) => compare.compare(a.name, b.name) || a.code.localeCompare(b.code),
  );
  const attending = sorted.filter((p) => p.answer && p.answer.attendance !== "declined");
  return {
    states: attending.filter((p) => p.kind === "state"),
    organisations: attending.filter((p) => p.kind === "org"),
    // States before organisations in the lists apart too, each alphabetical.
    declined: sorted
      .filter((p) => p.answer?.attendance === "declined")
      .sort((a, b) => Number(a.kind === "org") - Number(b.kind === "org")),
    noAnswer: sorted
      .filter((p) => !p.answer)
      .sort((a, b) => Number(a.kind === "org") - Number(b.kind === "org")),
  };
}
