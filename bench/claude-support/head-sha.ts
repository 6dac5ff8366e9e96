import { simpleGit } from 'simple-git';

/** HEAD of a git repo (the commit an agent's worktree checks out). */
export async function headSha(repoDir: string): Promise<string> {
  return (await simpleGit(repoDir).revparse(['HEAD'])).trim();
}
