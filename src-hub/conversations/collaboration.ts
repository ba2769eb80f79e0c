/**
 * Collaboration on a conversation (issue 5): what an internal note does besides being stored —
 * its `#hashtags` become conversation tags and its `@Name` mentions are recorded for the
 * colleagues who may see the conversation — and removing a tag.
 */
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { hashtagsOf, mentionsOf, withTags, type ConversationResult, type UntagRequestSchema } from '../../src-shared/index.js';
import { HubError } from '../errors.js';
import { canSee } from '../store/changes.js';
import { toConversation } from '../store/mappers.js';
import type { ConversationsTable } from '../store/schema.js';
import type { Applied, MutationContext } from './mutations.js';
import { assertMaySee, loadConversation, saveConversation } from './service.js';

/** What a note adds: its tags merged into the conversation's, and whom it mentions. */
export interface NoteEffects {
  /** The conversation's tags with the note's hashtags added (unchanged when it has none). */
  tags: string[];
  /**
   * Colleagues mentioned who may see the conversation (only they can open it, so only they are
   * notified); the author never mentions herself.
   */
  mentions: string[];
}

/** Read a note's hashtags and mentions against the conversation and the enabled staff. */
export async function noteEffects(ctx: MutationContext, current: Selectable<ConversationsTable>, body: string): Promise<NoteEffects> {
  const tags = withTags(current.tags ?? [], hashtagsOf(body));
  // Cheap test first: most notes mention no one, and then the staff is not read at all.
  if (!body.includes('@')) return { tags, mentions: [] };
  const staff = await ctx.trx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'departments'])
    .where('disabled', '=', false)
    .execute();
  const mentioned = new Set(mentionsOf(body, staff));
  const mentions = staff
    .filter((s) => mentioned.has(s.id) && s.id !== ctx.user.id && canSee(s, current.department_id, current.assignee_id))
    .map((s) => s.id);
  return { tags, mentions };
}

/** Remove one tag; anyone who may see the conversation may (tags are shared labels, not work). */
export async function applyUntag(ctx: MutationContext, req: z.output<typeof UntagRequestSchema>): Promise<Applied<ConversationResult>> {
  const current = await loadConversation(ctx, req.conversationId);
  assertMaySee(ctx.user, current);
  const tags = current.tags ?? [];
  if (!tags.includes(req.tag)) throw new HubError('not_found', `This conversation has no tag “${req.tag}”`, { reason: 'tag.notFound', params: { tag: req.tag } });
  const row = await saveConversation(ctx, current, { tags: tags.filter((t) => t !== req.tag), updated_at: new Date() });
  const conversation = toConversation(row);
  return { result: { conversation }, changes: [{ entity: 'conversation', data: conversation }] };
}
