import type { Channel, ConversationKind, DepartmentId } from '../../src-shared/index.js';

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'Email',
  chat: 'Chat',
  facebook: 'Facebook',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  x: 'X',
  phone: 'Phone',
};

export function channelLabel(channel: Channel, kind: ConversationKind): string {
  const base = CHANNEL_LABELS[channel];
  if (kind === 'comment') return `${base} comment`;
  if (kind === 'mention') return `${base} mention`;
  return base;
}

export const DEPARTMENT_LABELS: Record<DepartmentId, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  service: 'Service',
  support: 'Support',
};
