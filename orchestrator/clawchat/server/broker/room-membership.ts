/** Result of {@link RoomMembership.leave}. */
export interface LeaveOutcome {
  /** The room has no member left. */
  nowEmpty: boolean;
  /** The leaver held the turn token (so the holder changed). */
  holderChanged: boolean;
}

/**
 * Room membership in join order and the advisory turn token (`broker.rs`).
 *
 * Turn rules: the first joiner of an empty room holds the token; after every send it moves to
 * the member after the sender in join order (a single member keeps it); when the holder leaves
 * the new holder is the FIRST remaining member in join order.
 */
export class RoomMembership {
  private readonly members = new Map<string, string[]>();
  private readonly holders = new Map<string, string>();

  /** Members of a room in join order (a copy). */
  list(roomId: string): string[] {
    return [...(this.members.get(roomId) ?? [])];
  }

  /** Members of a room in join order (shared, do not modify). */
  view(roomId: string): readonly string[] {
    return this.members.get(roomId) ?? [];
  }

  /** Number of members. */
  count(roomId: string): number {
    return this.members.get(roomId)?.length ?? 0;
  }

  /** True if the agent is a member. */
  has(roomId: string, agentId: string): boolean {
    return this.members.get(roomId)?.includes(agentId) ?? false;
  }

  /**
   * Adds a member (idempotent).
   *
   * @returns true if the room had no holder and the joiner now holds the token.
   */
  join(roomId: string, agentId: string): boolean {
    let list = this.members.get(roomId);
    if (!list) this.members.set(roomId, (list = []));
    if (!list.includes(agentId)) list.push(agentId);
    if (this.holders.has(roomId)) return false;
    this.holders.set(roomId, agentId);
    return true;
  }

  /** Removes a member and moves the token if the leaver held it. */
  leave(roomId: string, agentId: string): LeaveOutcome {
    const list = this.members.get(roomId);
    if (list) {
      const i = list.indexOf(agentId);
      if (i >= 0) list.splice(i, 1);
    }
    const nowEmpty = !list || list.length === 0;
    if (nowEmpty) this.members.delete(roomId);
    const wasHolder = this.holders.get(roomId) === agentId;
    if (wasHolder) {
      if (nowEmpty) this.holders.delete(roomId);
      else this.holders.set(roomId, list![0]);
    }
    return { nowEmpty, holderChanged: wasHolder };
  }

  /** Moves the token to the member after `senderId` in join order (first member if absent). */
  advanceFrom(roomId: string, senderId: string): string | null {
    const list = this.members.get(roomId);
    if (!list || list.length === 0) {
      this.holders.delete(roomId);
      return null;
    }
    const i = list.indexOf(senderId);
    const next = i >= 0 ? list[(i + 1) % list.length] : list[0];
    this.holders.set(roomId, next);
    return next;
  }

  /** The current turn holder, null when the room is empty. */
  holder(roomId: string): string | null {
    return this.holders.get(roomId) ?? null;
  }

  /** Forgets a room entirely (ephemeral room destroyed). */
  removeRoom(roomId: string): void {
    this.members.delete(roomId);
    this.holders.delete(roomId);
  }
}
