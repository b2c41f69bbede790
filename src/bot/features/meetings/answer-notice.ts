/**
 * The notice to a coordinator or an alternate whose answer to a meeting invitation the other one
 * has just replaced: which meeting, whose answer, what it is now, and who changed it.
 */

import { meetingTitles, pickTitle } from "../../../domain/meetings/meetings.js";
import type { Party } from "../../../domain/meetings/parties.js";
import { partyName, partyNames } from "../../../domain/meetings/parties.js";
import type { Attendance, RecordedAnswer } from "../../../domain/meetings/rsvp.js";
import type { Person } from "../../../domain/people/people.js";
import type { BotDeps } from "../../context.js";
import { tellAnswerReplaced } from "../../shared/answer-replaced.js";
import { attendanceLabel } from "./format.js";

export async function tellRsvpReplaced(
  deps: BotDeps,
  by: Person,
  answer: { meetingId: number; party: Party; attendance: Attendance; recorded: RecordedAnswer },
  now: number,
): Promise<void> {
  await tellAnswerReplaced(
    deps,
    {
      replacedBy: answer.recorded.previousBy,
      by,
      key: `rsvp-replaced:${answer.recorded.historyId}`,
      text: async (t, lang) =>
        t("meetings:answer_replaced", {
          name: by.name,
          role: t(`roles:${by.role}`),
          party: partyName(await partyNames(deps.db, lang), answer.party),
          title: pickTitle(await meetingTitles(deps.db, answer.meetingId), lang),
          answer: attendanceLabel(t, answer.attendance),
        }),
    },
    now,
  );
}
