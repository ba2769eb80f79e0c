import type { Conversation } from '../../../src-shared/index.js';
import type { SwitchboardDb } from '../../db/database.js';
import { queueUntag } from './commands.js';
import { useT } from '../../i18n/index.js';

/**
 * The conversation's tags (from #hashtags in internal notes), each removable. Anyone who may see
 * the conversation may remove a tag, as the hub allows.
 */
export function ConversationTags({ db, conversation }: { db: SwitchboardDb; conversation: Conversation }) {
  const t = useT();
  const tags = conversation.tags ?? [];
  if (tags.length === 0) return null;
  return (
    <ul className="conversation-tags" aria-label={t('conversationView.tags')}>
      {tags.map((tag) => (
        <li key={tag} className="tag">
          #{tag}
          <button type="button" className="tag-remove" aria-label={t('conversationView.removeTag', { tag })} onClick={() => void queueUntag(db, conversation, tag)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
