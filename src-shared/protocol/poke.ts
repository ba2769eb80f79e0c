/**
 * `sync:poke`: the hub's announcement that its change log grew.
 *
 * A poke may carry the changes themselves when they are few (`batch`): everything after `from` up
 * to `head`, already filtered for the receiving console's visibility. The console applies a batch
 * only when `from` is exactly its stored cursor; otherwise (it missed a poke, or is still pulling)
 * it pulls as before. A poke is never the only way data arrives, so a lost poke only delays.
 */
import { z } from 'zod';
import { ChangeSchema } from './schemas.js';

/** Pokes carry their changes up to this many; a larger commit is pulled. */
export const POKE_BATCH_MAX = 400;

export const SyncPokeSchema = z.object({
  head: z.number().int().nonnegative(),
  batch: z
    .object({
      /** The head before this commit: the batch continues a cache whose cursor is exactly this. */
      from: z.number().int().nonnegative(),
      changes: z.array(ChangeSchema).max(POKE_BATCH_MAX),
    })
    .optional(),
});
export type SyncPoke = z.infer<typeof SyncPokeSchema>;
