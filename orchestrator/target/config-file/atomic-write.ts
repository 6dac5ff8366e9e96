import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `data` atomically: writes a temp file in the same directory
 * (`.<name>.<pid>.<random>.tmp`, same mode as the file it replaces, 0644 for a new file),
 * fsyncs it, renames it over `file`, then fsyncs the directory. Readers see the old or the new
 * content, never a mix; a crash leaves at worst a stray temp file, never a half-written `file`.
 *
 * @throws the underlying fs error (temp file removed, `file` untouched) when any step fails.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let mode = 0o644;
  try {
    mode = (await stat(file)).mode & 0o7777;
  } catch {
    // new file: default mode
  }
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } catch {
    // some file systems refuse fsync on directories; the rename itself is done
  } finally {
    await dirHandle.close();
  }
}
