/**
 * Merge and unmerge of two customers as pure functions over a small graph, so the rule "unmerge
 * restores exactly what was there before" is a property that can be tested on its own (see
 * test/unit/shared/customer-merge.test.ts) and the hub only writes what the plan says.
 *
 * A merge records a snapshot of everything it changes: both customers' master data as they were
 * and the ids of the rows it moved. Unmerge puts exactly those back, so rows that arrived for the
 * survivor after the merge (a new conversation) stay with the survivor.
 */

/** Master data fields an agent chooses per field when merging. */
export const MERGE_FIELDS = ['name', 'language', 'country', 'customerNumber', 'segment', 'owner'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Which customer's value a field keeps. */
export type FieldChoice = 'survivor' | 'merged';
export type FieldChoices = Partial<Record<MergeField, FieldChoice>>;

/** The master data of one customer, as merge sees and restores it. */
export interface CustomerMaster {
  id: string;
  name: string;
  language: string | null;
  country: string | null;
  customerNumber: string | null;
  segment: string | null;
  owner: string | null;
  /** Set while this customer is merged into another. */
  mergedInto: string | null;
  /** The score's stored inputs (opaque JSON here) and the boost they give: restored by unmerge as they were. */
  scoreInputs: unknown;
  priorityBoost: number;
  updatedAt: string;
}

/** Rows that belong to a customer and move with a merge. */
export const OWNED_KINDS = ['identities', 'conversations', 'consents', 'rewards'] as const;
export type OwnedKind = (typeof OWNED_KINDS)[number];

/** The part of the data a merge touches: customers and, per kind, which customer owns each row. */
export interface CustomerGraph {
  customers: Record<string, CustomerMaster>;
  owners: Record<OwnedKind, Record<string, string>>;
}

/** What a merge changed: enough to undo it exactly. Stored with the merge record. */
export interface MergeSnapshot {
  survivorBefore: CustomerMaster;
  mergedBefore: CustomerMaster;
  moved: Record<OwnedKind, string[]>;
}

export class MergeRuleError extends Error {}

/**
 * Merge `mergedId` into `survivorId`: the survivor keeps each field from the side `choices` names
 * (its own by default), takes over every row the merged customer owns, and the merged customer
 * is marked `mergedInto`. A customer number taken over moves (it is unique).
 *
 * @throws MergeRuleError when either customer is missing, already merged, or both are the same.
 */
export function planMerge(graph: CustomerGraph, survivorId: string, mergedId: string, choices: FieldChoices, now: string): { graph: CustomerGraph; snapshot: MergeSnapshot } {
  if (survivorId === mergedId) throw new MergeRuleError('A customer cannot be merged with itself');
  const survivor = graph.customers[survivorId];
  const merged = graph.customers[mergedId];
  if (!survivor || !merged) throw new MergeRuleError('Both customers must exist');
  if (survivor.mergedInto || merged.mergedInto) throw new MergeRuleError('A customer that was merged away cannot be merged again; unmerge it first');
  const next: CustomerMaster = { ...survivor, updatedAt: now };
  const gone: CustomerMaster = { ...merged, mergedInto: survivorId, updatedAt: now };
  for (const field of MERGE_FIELDS) {
    if (choices[field] !== 'merged') continue;
    (next as unknown as Record<string, unknown>)[field] = merged[field];
  }
  // A customer number is unique: whichever side keeps it, the merged-away record does not.
  gone.customerNumber = null;
  const moved = {} as Record<OwnedKind, string[]>;
  const owners = {} as CustomerGraph['owners'];
  for (const kind of OWNED_KINDS) {
    owners[kind] = { ...graph.owners[kind] };
    moved[kind] = Object.keys(owners[kind])
      .filter((id) => owners[kind][id] === mergedId)
      .sort();
    for (const id of moved[kind]) owners[kind][id] = survivorId;
  }
  return {
    graph: { customers: { ...graph.customers, [survivorId]: next, [mergedId]: gone }, owners },
    snapshot: { survivorBefore: { ...survivor }, mergedBefore: { ...merged }, moved },
  };
}

/**
 * Undo a merge from its snapshot: both customers' master data as before the merge, and the moved
 * rows back with the merged customer. Rows moved elsewhere since (or removed) are left alone.
 *
 * @throws MergeRuleError when the survivor was itself merged away since (unmerge that first).
 */
export function planUnmerge(graph: CustomerGraph, snapshot: MergeSnapshot): CustomerGraph {
  const { survivorBefore, mergedBefore } = snapshot;
  const survivor = graph.customers[survivorBefore.id];
  if (!survivor) throw new MergeRuleError('The surviving customer no longer exists');
  if (survivor.mergedInto) throw new MergeRuleError('The surviving customer was merged again since; undo that merge first');
  const owners = {} as CustomerGraph['owners'];
  for (const kind of OWNED_KINDS) {
    owners[kind] = { ...graph.owners[kind] };
    for (const id of snapshot.moved[kind]) {
      if (owners[kind][id] === survivorBefore.id) owners[kind][id] = mergedBefore.id;
    }
  }
  return { customers: { ...graph.customers, [survivorBefore.id]: { ...survivorBefore }, [mergedBefore.id]: { ...mergedBefore } }, owners };
}
