import type Database from 'better-sqlite3';
import type { Row } from './database.js';
import type { TaskRecord } from './records.js';

/** Tasks of persistent rooms (`room_tasks`). */
export class TaskRows {
  private readonly saveStmt: Database.Statement;
  private readonly allStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.saveStmt = db.prepare(
      `INSERT INTO room_tasks (task_id, room_id, title, description, status, assignee, created_by, created_at, updated_at, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(task_id) DO UPDATE SET status = excluded.status, assignee = excluded.assignee,
         updated_at = excluded.updated_at, note = excluded.note`,
    );
    this.allStmt = db.prepare('SELECT * FROM room_tasks ORDER BY rowid');
  }

  /** Inserts or updates a task. */
  save(t: TaskRecord): void {
    this.saveStmt.run(t.taskId, t.roomId, t.title, t.description, t.status, t.assignee, t.createdBy, t.createdAt, t.updatedAt, t.note);
  }

  /** Every stored task, in creation order. */
  all(): TaskRecord[] {
    return (this.allStmt.all() as Row[]).map((r) => ({
      taskId: r.task_id as string,
      roomId: r.room_id as string,
      title: r.title as string,
      description: (r.description as string | null) ?? null,
      status: r.status as string,
      assignee: (r.assignee as string | null) ?? null,
      createdBy: r.created_by as string,
      createdAt: r.created_at as string,
      updatedAt: (r.updated_at as string | null) ?? null,
      note: (r.note as string | null) ?? null,
    }));
  }
}
