import type { Channel, ConversationKind, DepartmentId } from '../../src-shared/index.js';
import { t } from '../i18n/index.js';

/** Channel names in the UI language: getters, so `CHANNEL_LABELS[channel]` reads the current language. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  get email() { return t('channels.email'); },
  get chat() { return t('channels.chat'); },
  get facebook() { return t('channels.facebook'); },
  get instagram() { return t('channels.instagram'); },
  get whatsapp() { return t('channels.whatsapp'); },
  get x() { return t('channels.x'); },
  get phone() { return t('channels.phone'); },
};

export function channelLabel(channel: Channel, kind: ConversationKind): string {
  const base = CHANNEL_LABELS[channel];
  if (kind === 'comment') return t('channels.comment', { channel: base });
  if (kind === 'mention') return t('channels.mention', { channel: base });
  return base;
}

/** Department names in the UI language (getters, like CHANNEL_LABELS). */
export const DEPARTMENT_LABELS: Record<DepartmentId, string> = {
  get sales() { return t('departments.sales'); },
  get marketing() { return t('departments.marketing'); },
  get service() { return t('departments.service'); },
  get support() { return t('departments.support'); },
};
