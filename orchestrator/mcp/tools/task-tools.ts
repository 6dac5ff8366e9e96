import { z } from 'zod';
import { tool } from '../define-tool.js';
import { McpToolError } from '../errors/mcp-tool-error.js';

export const taskUpdate = tool({
  name: 'task_update',
  description: 'Update a task of the room (default: the one assigned to you): status pending | in_progress | completed | blocked, and a note.',
  input: {
    status: z.enum(['pending', 'in_progress', 'completed', 'blocked']),
    note: z.string().max(2000).optional(),
    task_id: z.string().optional().describe('Default: your own task.'),
  },
  handler: async (args, s) => {
    let taskId = args.task_id;
    if (!taskId) {
      const mine = (await s.client.listTasks(s.roomId)).find((t) => t.assignee === s.agentId);
      if (!mine) throw new McpToolError('no_task', 'no task of this room is assigned to you; pass task_id');
      taskId = mine.task_id;
    }
    const t = await s.client.updateTask({ task_id: taskId, status: args.status, note: args.note });
    return { task_id: t.task_id, title: t.title, status: t.status, note: t.note ?? null };
  },
});

export const taskList = tool({
  name: 'task_list',
  description: 'List the tasks of the room (optionally only those with `status`).',
  input: { status: z.string().optional() },
  readOnly: true,
  handler: async (args, s) => {
    const tasks = await s.client.listTasks(s.roomId, args.status);
    return { tasks: tasks.map((t) => ({ task_id: t.task_id, title: t.title, status: t.status, assignee: t.assignee ?? null, mine: t.assignee === s.agentId, note: t.note ?? null })) };
  },
});
