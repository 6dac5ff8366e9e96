import type { Command } from 'commander';
import type { TaskInfo } from '../../clawchat/protocol/index.js';
import { chatFlags, resolveRoom, withChat } from './chat-connection.js';
import { printResult, table } from './chat-output.js';

/** `itercrew chat tasks assign|update|list`. Task status is free text (pending, in_progress, completed, blocked by convention). */
export function registerChatTasksCommands(chat: Command): void {
  const tasks = chat.command('tasks').description('tasks tracked in a room');

  tasks
    .command('assign')
    .description('create a task in a room (status pending)')
    .argument('<room>', 'room id or exact name')
    .argument('<title>', 'what to do')
    .option('--description <text>', 'details')
    .option('--assignee <agent_id>', 'who does it')
    .action(async (room: string, title: string, flags: { description?: string; assignee?: string }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const roomId = await resolveRoom(client, room);
        await client.joinRoom(roomId);
        printResult(await client.assignTask({ room_id: roomId, title, description: flags.description, assignee: flags.assignee }), Boolean(conn.text), taskText);
      });
    });

  tasks
    .command('update')
    .description('change a task (status, assignee, note); joins its room first when --room is given')
    .argument('<task_id>', 'the task')
    .option('--status <status>', 'e.g. in_progress, completed, blocked')
    .option('--assignee <agent_id>', 'reassign')
    .option('--note <text>', 'a note')
    .option('--room <room>', "the task's room (updating needs membership)")
    .action(async (taskId: string, flags: { status?: string; assignee?: string; note?: string; room?: string }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        if (flags.room) await client.joinRoom(await resolveRoom(client, flags.room));
        printResult(await client.updateTask({ task_id: taskId, status: flags.status, assignee: flags.assignee, note: flags.note }), Boolean(conn.text), taskText);
      });
    });

  tasks
    .command('list')
    .description("a room's tasks")
    .argument('<room>', 'room id or exact name')
    .option('--status <status>', 'only tasks with this status')
    .action(async (room: string, flags: { status?: string }, cmd: Command) => {
      const conn = chatFlags(cmd);
      await withChat(conn, async (client) => {
        const list = await client.listTasks(await resolveRoom(client, room), flags.status);
        printResult(list, Boolean(conn.text), (ts) =>
          ts.length === 0 ? 'No tasks.' : table(['TASK ID', 'STATUS', 'ASSIGNEE', 'TITLE'], ts.map((t) => [t.task_id, t.status, t.assignee ?? '-', t.title])),
        );
      });
    });
}

function taskText(t: TaskInfo): string {
  return `Task ${t.task_id} [${t.status}] ${t.title}${t.assignee ? ` → ${t.assignee}` : ''}${t.note ? ` (${t.note})` : ''}`;
}
