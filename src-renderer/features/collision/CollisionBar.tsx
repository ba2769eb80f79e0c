import { useWorkspace } from '../../app/db-context.js';
import { useCollision } from './use-collision.js';
import { useT } from '../../i18n/index.js';

/** "Ben is typing…" / "Also viewing: Ben": colleagues in the same conversation right now. */
export function CollisionBar({ conversationId }: { conversationId: string }) {
  const t = useT();
  const { db, me } = useWorkspace();
  const watchers = useCollision(db.name, conversationId, me.id);
  const typing = watchers.filter((w) => w.typing).map((w) => w.name);
  const viewing = watchers.filter((w) => !w.typing).map((w) => w.name);
  return (
    <p className="collision" role="status" aria-live="polite" data-testid="collision">
      {typing.length > 0 && <strong className="collision-typing">{t('collision.typing', { count: typing.length, names: typing.join(', ') })}</strong>}
      {typing.length > 0 && viewing.length > 0 && ' · '}
      {viewing.length > 0 && <span>{t('collision.viewing', { names: viewing.join(', ') })}</span>}
    </p>
  );
}
