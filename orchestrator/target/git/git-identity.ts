/** The identity itercrew commits as, whatever the global git config says (or lacks). */
export const ITERCREW_GIT_IDENTITY = { name: 'itercrew', email: 'itercrew@localhost' } as const;

/**
 * `-c` settings passed to every git command itercrew runs on a target repo: the itercrew
 * identity (commits never depend on the global git config, and a user's own repo config is not
 * modified) and no commit signing (an unattended commit must not wait for a GPG prompt).
 */
export function itercrewGitConfig(): string[] {
  return [`user.name=${ITERCREW_GIT_IDENTITY.name}`, `user.email=${ITERCREW_GIT_IDENTITY.email}`, 'commit.gpgsign=false'];
}
