import type { CommandType } from '../protocol/frame-types.js';
import type { Link } from './link.js';

/** A request waiting for its reply. */
export interface PendingRequest {
  id: string;
  type: CommandType;
  /** The encoded frame line. */
  line: string;
  /** The link it was written to; `null` while queued for the next link (reconnecting). */
  link: Link | null;
  resolve: (payload: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** Requests in flight, by frame id, with their reply timers. */
export class PendingRequests {
  private readonly byId = new Map<string, PendingRequest>();

  /** Registers a request. */
  add(request: PendingRequest): void {
    this.byId.set(request.id, request);
  }

  /** Removes and returns the request with this id (its timer cleared), if it is still pending. */
  take(id: string): PendingRequest | undefined {
    const p = this.byId.get(id);
    if (!p) return undefined;
    this.byId.delete(id);
    clearTimeout(p.timer);
    return p;
  }

  /** Requests queued for the next link, in the order they were made. */
  queued(): PendingRequest[] {
    return [...this.byId.values()].filter((p) => p.link === null);
  }

  /** Rejects every request written to `link` (its reply can no longer come). */
  failLink(link: Link, error: (p: PendingRequest) => Error): void {
    for (const p of [...this.byId.values()]) if (p.link === link && this.take(p.id)) p.reject(error(p));
  }

  /** Rejects every request. */
  failAll(error: (p: PendingRequest) => Error): void {
    for (const p of [...this.byId.values()]) if (this.take(p.id)) p.reject(error(p));
  }
}
