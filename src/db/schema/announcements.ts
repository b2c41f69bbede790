/**
 * Announcement tables: the broadcast, its language versions, and acknowledgements.
 */
import type { Generated } from "kysely";

export interface AnnouncementsTable {
  id: Generated<number>;
  created_by: number;
  created_at: number;
  status: "sending" | "done";
  /** JSON of an `Audience`. */
  audience: string;
  ack_requested: number;
  default_lang: string;
  recipients: number;
  progress_chat_id: number;
  progress_message_id: number | null;
  /** What the progress message shows now. */
  progress_text: string | null;
  finished_at: number | null;
  resends: Generated<number>;
}

export interface AnnouncementVersionsTable {
  announcement_id: number;
  lang: string;
  /** JSON of an `AnnouncementContent`. */
  content: string;
}

export interface AnnouncementAcksTable {
  announcement_id: number;
  person_id: number;
  at: number;
}

export interface AnnouncementTables {
  announcements: AnnouncementsTable;
  announcement_versions: AnnouncementVersionsTable;
  announcement_acks: AnnouncementAcksTable;
}
