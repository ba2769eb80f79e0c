/**
 * Whether someone can answer a chat now: inside the widget's business hours (if it has any) and
 * at least one staff console connected to this hub. Otherwise the widget offers the offline form,
 * whose messages are answered by email.
 */
import type { Namespace } from 'socket.io';
import { isOpen, type ChatWidgetSettings } from './settings.js';

/** Counts the consoles connected to the hub's main namespace (this node). */
export function createAvailability(consoles: Namespace): (settings: ChatWidgetSettings, at?: Date) => boolean {
  return (settings, at = new Date()) => isOpen(settings, at) && consoles.sockets.size > 0;
}
