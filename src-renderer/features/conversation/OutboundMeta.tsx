import { useT } from '../../i18n/index.js';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * What an agent's reply was, beyond its text: a public reply or private message, a forward (to
 * whom), cc and subject of a mail. Read defensively from channelMeta; rendered as text.
 */
export function OutboundMeta({ channelMeta }: { channelMeta: Record<string, unknown> }) {
  const t = useT();
  const forward = channelMeta.forward as { to?: unknown } | undefined;
  const cc = strings(channelMeta.cc);
  const parts: { key: string; text: string }[] = [];
  if (channelMeta.visibility === 'public') parts.push({ key: 'public', text: t('conversationCompose.publicReply') });
  if (channelMeta.visibility === 'private') parts.push({ key: 'private', text: t('conversationCompose.privateMessage') });
  if (forward && typeof forward.to === 'string') parts.push({ key: 'forward', text: t('conversationCompose.forwardedTo', { to: forward.to }) });
  if (cc.length > 0) parts.push({ key: 'cc', text: t('conversationCompose.ccLine', { list: cc.join(', ') }) });
  if (typeof channelMeta.subject === 'string' && !forward) parts.push({ key: 'subject', text: `${t('conversationCompose.subject')}: ${channelMeta.subject}` });
  if (parts.length === 0) return null;
  return (
    <p className="message-outbound-meta muted" data-testid="outbound-meta">
      {parts.map((p) => (
        <span key={p.key} className={`outbound-${p.key}`}>
          {p.text}
        </span>
      ))}
    </p>
  );
}
