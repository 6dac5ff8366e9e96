import type { RoomRecord, TaskRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { nowIso } from '../wire.js';

/** Fields of a new task. */
export interface NewTask {
  taskId: string;
  room: RoomRecord;
  title: string;
  description: string | null;
  assignee: string | null;
  createdBy: string;
}

/** Changes of {@link TaskManager.update}; null/undefined fields are left as they are. */
export interface TaskChanges {
  status?: string | null;
  assignee?: string | null;
  note?: string | null;
}

/**
 * Tasks of rooms (`tasks.rs`). Status is free text (`pending` at creation). Tasks of persistent
 * rooms are stored and reloaded on start; those of ephemeral rooms live in memory and go with
 * the room.
 */
export class TaskManager {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly ephemeral = new Set<string>();

  constructor(private readonly store: Store) {
    for (const t of store.tasks.all()) this.tasks.set(t.taskId, t);
  }

  /** Creates a `pending` task (stored first for a persistent room). */
  create(input: NewTask): TaskRecord {
    const task: TaskRecord = {
      taskId: input.taskId,
      roomId: input.room.roomId,
      title: input.title,
      description: input.description,
      status: 'pending',
      assignee: input.assignee,
      createdBy: input.createdBy,
      createdAt: nowIso(),
      updatedAt: null,
      note: null,
    };
    if (input.room.ephemeral) this.ephemeral.add(task.taskId);
    else this.store.tasks.save(task);
    this.tasks.set(task.taskId, task);
    return task;
  }

  /** A task by id. */
  get(taskId: string): TaskRecord | undefined {
    return this.tasks.get(taskId);
  }

  /** Applies changes (stored first; the task is unchanged if storing fails). */
  update(task: TaskRecord, changes: TaskChanges): TaskRecord {
    const next: TaskRecord = {
      ...task,
      status: changes.status ?? task.status,
      assignee: changes.assignee ?? task.assignee,
      note: changes.note ?? task.note,
      updatedAt: nowIso(),
    };
    if (!this.ephemeral.has(task.taskId)) this.store.tasks.save(next);
    this.tasks.set(task.taskId, next);
    return next;
  }

  /** Tasks of a room, optionally with one status, in creation order. */
  list(roomId: string, status?: string | null): TaskRecord[] {
    const out: TaskRecord[] = [];
    for (const t of this.tasks.values()) if (t.roomId === roomId && (status == null || t.status === status)) out.push(t);
    return out;
  }

  /** Drops the tasks of a destroyed ephemeral room. */
  forgetRoom(roomId: string): void {
    for (const [id, t] of this.tasks) {
      if (t.roomId === roomId && this.ephemeral.delete(id)) this.tasks.delete(id);
    }
  }
}
