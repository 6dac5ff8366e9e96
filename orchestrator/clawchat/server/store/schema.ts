/**
 * SQLite schema of the embedded ClawChat server's store. Modeled on upstream `store.rs`, with
 * one deliberate difference: API keys are never stored — rows hold `key_hash`
 * (SHA-256 hex of the key), so a leaked database leaks no credential.
 *
 * Timestamps are RFC 3339 UTC strings with millisecond precision (`2026-03-01T12:00:00.123Z`),
 * which sort lexicographically.
 *
 * Version 2 (messages): `id INTEGER PRIMARY KEY` is the insertion order (the rowid, made explicit
 * so a VACUUM never renumbers it; history `since` relies on it), the message UUID is a UNIQUE
 * column, and one index `(room_id, seq, created_at)` serves every room query (since_seq, newest,
 * before — the created_at filter is read from the index — and the room's last activity) where
 * version 1 kept two. A version-1 file is migrated on open by {@link MIGRATE_MESSAGES_V1_TO_V2}.
 */
export const SCHEMA_VERSION = 2;

/** Column definitions of the version-2 `messages` table (shared by the schema and the migration). */
const MESSAGES_V2_COLUMNS = `
  id               INTEGER PRIMARY KEY,
  message_id       TEXT NOT NULL UNIQUE,
  room_id          TEXT NOT NULL REFERENCES rooms(room_id) ON DELETE CASCADE,
  agent_id         TEXT NOT NULL,
  agent_name       TEXT NOT NULL,
  content          TEXT NOT NULL,
  reply_to_message TEXT REFERENCES messages(message_id) ON DELETE SET NULL,
  metadata         TEXT NOT NULL DEFAULT 'null',
  created_at       TEXT NOT NULL,
  seq              INTEGER NOT NULL`;

/** Indexes of the version-2 `messages` table. */
const MESSAGES_V2_INDEXES = `
CREATE INDEX IF NOT EXISTS idx_messages_room_seq_time ON messages(room_id, seq, created_at);
CREATE INDEX IF NOT EXISTS idx_messages_reply ON messages(reply_to_message) WHERE reply_to_message IS NOT NULL;`;

/**
 * Rebuilds a version-1 `messages` table (UUID primary key, indexes on (room_id, seq) and
 * (room_id, created_at)) as version 2, keeping every row and its rowid (so insertion order and
 * `since` answers are unchanged). SQLite's documented table-rebuild procedure: run it inside one
 * transaction with `foreign_keys` OFF, then check `PRAGMA foreign_key_check`.
 */
export const MIGRATE_MESSAGES_V1_TO_V2 = `
CREATE TABLE messages_v2 (${MESSAGES_V2_COLUMNS}
);
INSERT INTO messages_v2 (id, message_id, room_id, agent_id, agent_name, content, reply_to_message, metadata, created_at, seq)
  SELECT rowid, message_id, room_id, agent_id, agent_name, content, reply_to_message, metadata, created_at, seq
  FROM messages ORDER BY rowid;
DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;
${MESSAGES_V2_INDEXES}
`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS api_keys (
  key_hash   TEXT PRIMARY KEY,
  tier       TEXT NOT NULL DEFAULT 'free',
  label      TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS agent_identities (
  agent_id       TEXT PRIMARY KEY,
  owner_key_hash TEXT NOT NULL,
  claimed_at     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS rooms (
  room_id        TEXT PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  description    TEXT,
  parent_id      TEXT,
  created_by     TEXT,
  created_at     TEXT NOT NULL,
  visibility     TEXT NOT NULL DEFAULT 'private',
  owner_key_hash TEXT,
  encrypted      INTEGER NOT NULL DEFAULT 0,
  CHECK (room_id != parent_id)
);

CREATE TABLE IF NOT EXISTS messages (${MESSAGES_V2_COLUMNS}
);
${MESSAGES_V2_INDEXES}

CREATE TABLE IF NOT EXISTS room_sequences (
  room_id    TEXT PRIMARY KEY,
  high_water INTEGER NOT NULL DEFAULT 0 CHECK (high_water >= 0)
);

CREATE TABLE IF NOT EXISTS votes (
  vote_id         TEXT PRIMARY KEY,
  room_id         TEXT NOT NULL,
  title           TEXT NOT NULL,
  description     TEXT,
  options         TEXT NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  closes_at       TEXT,
  status          TEXT NOT NULL DEFAULT 'open',
  eligible_voters INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_votes_room ON votes(room_id, created_at);

CREATE TABLE IF NOT EXISTS vote_ballots (
  vote_id      TEXT NOT NULL REFERENCES votes(vote_id) ON DELETE CASCADE,
  agent_id     TEXT NOT NULL,
  agent_name   TEXT NOT NULL,
  option_index INTEGER NOT NULL,
  cast_at      TEXT NOT NULL,
  PRIMARY KEY (vote_id, agent_id)
);

CREATE TABLE IF NOT EXISTS vote_eligible_agents (
  vote_id  TEXT NOT NULL REFERENCES votes(vote_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  agent_id TEXT NOT NULL,
  PRIMARY KEY (vote_id, agent_id)
);

CREATE TABLE IF NOT EXISTS room_tasks (
  task_id     TEXT PRIMARY KEY,
  room_id     TEXT NOT NULL REFERENCES rooms(room_id) ON DELETE CASCADE,
  title       TEXT NOT NULL,
  description TEXT,
  status      TEXT NOT NULL,
  assignee    TEXT,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT,
  note        TEXT
);

CREATE TABLE IF NOT EXISTS subscriptions (
  subscription_id    TEXT PRIMARY KEY,
  room_id            TEXT NOT NULL,
  owner_key_hash     TEXT NOT NULL,
  webhook_url        TEXT NOT NULL,
  secret             TEXT NOT NULL,
  kinds              TEXT NOT NULL DEFAULT '[]',
  only_from          TEXT,
  not_from           TEXT,
  exclude_thinking   INTEGER NOT NULL DEFAULT 0,
  since_seq          INTEGER NOT NULL DEFAULT 0,
  last_delivered_seq INTEGER NOT NULL DEFAULT 0,
  status             TEXT NOT NULL DEFAULT 'active',
  failure_count      INTEGER NOT NULL DEFAULT 0,
  created_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_subscriptions_room ON subscriptions(room_id, status);

CREATE TABLE IF NOT EXISTS subscription_deliveries (
  delivery_id     TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL REFERENCES subscriptions(subscription_id) ON DELETE CASCADE,
  message_seq     INTEGER NOT NULL,
  message_id      TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  UNIQUE (subscription_id, message_seq)
);
CREATE INDEX IF NOT EXISTS idx_deliveries_due ON subscription_deliveries(next_attempt_at);
`;
