import { randomUUID } from 'node:crypto';
import { ClawChatError } from '../../errors/clawchat-error.js';
import { eventLine, taskWire } from '../wire.js';
import { memberRoom, readableRoom } from './access.js';
import { ok, type CommandHandler } from './handler.js';

/** `assign_task` → TaskInfo (`pending`). Member only; `task_assigned` to all members. */
export const assignTask: CommandHandler<'assign_task'> = (ctx, caller, p) => {
  const room = memberRoom(ctx, caller, p.room_id, 'Must be in room to assign tasks');
  const task = ctx.tasks.create({
    taskId: randomUUID(),
    room,
    title: p.title,
    description: p.description ?? null,
    assignee: p.assignee ?? null,
    createdBy: caller.agentId,
  });
  const wire = taskWire(task);
  ctx.broker.broadcast(room.roomId, eventLine('task_assigned', wire));
  return ok(wire);
};

/**
 * `update_task` → TaskInfo. `task_not_found`; member of the task's room. Status is free text.
 * `task_updated` to all members.
 */
export const updateTask: CommandHandler<'update_task'> = (ctx, caller, p) => {
  const task = ctx.tasks.get(p.task_id);
  if (!task) throw new ClawChatError('task_not_found', 'Task not found');
  memberRoom(ctx, caller, task.roomId, 'Must be in room to update tasks');
  const next = ctx.tasks.update(task, { status: p.status, assignee: p.assignee, note: p.note });
  const wire = taskWire(next);
  ctx.broker.broadcast(task.roomId, eventLine('task_updated', wire));
  return ok(wire);
};

/** `list_tasks` → `task_list` `{room_id, tasks}` (readable room; creation order), optionally by status. */
export const listTasks: CommandHandler<'list_tasks'> = (ctx, caller, p) => {
  readableRoom(ctx, caller, p.room_id);
  return { type: 'task_list', payload: { room_id: p.room_id, tasks: ctx.tasks.list(p.room_id, p.status).map(taskWire) } };
};
