export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/** A runtime action held for a decision, as the admin API shows it. */
export interface Approval {
  id: string;
  /** What runs once approved: `replayDeliveries`. */
  action: 'replayDeliveries';
  /** The integration it concerns (`Integration/<name>`), or `deliveries` for a replay across integrations. */
  target: string;
  /** The risk tier of the vendor that made it need approval. */
  tier: string;
  params: ReplayParams;
  status: ApprovalStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** What running the action gave (replayed delivery ids), once approved. */
  result: unknown;
}

/** The replay as requested: one delivery, or the dead letters since a time (of one integration). */
export type ReplayParams = { id: string } | { since: string; integration?: string };
