/**
 * The database interface: the single source of the schema's types.
 * Each capability declares its tables in `schema/<capability>.ts`; this file joins them.
 */
import type { AnnouncementTables } from "./schema/announcements.js";
import type { MeetingsTables } from "./schema/meetings.js";
import type { OutboxTables } from "./schema/outbox.js";
import type { PeopleTables } from "./schema/people.js";
import type { ReferenceTables } from "./schema/reference.js";
import type { ReviewTables } from "./schema/reviews.js";

export interface Database
  extends ReferenceTables,
    PeopleTables,
    OutboxTables,
    AnnouncementTables,
    ReviewTables,
    MeetingsTables {}
