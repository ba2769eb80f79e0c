/**
 * The hub's refusals in the agent's language: every reason key the hub may send has a sentence in
 * English and German, parameters are worded (times, channels, the stale guard's facts), and what
 * this console cannot word falls back to the hub's own message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_REASONS, replyWindow, snoozeUntilProblem, WHATSAPP_SERVICE_WINDOW_MS } from '../../../src-shared/index.js';
import { hubErrorText, reasonText, refusalText } from '../../../src-renderer/i18n/hub-error-text.js';
import { i18n } from '../../../src-renderer/i18n/index.js';
import { messageStatus } from '../../../src-renderer/features/conversation/message-status.js';
import { formatTime } from '../../../src-renderer/lib/time.js';
import { message, uuid } from './fixtures.js';

const before = i18n.language;
afterEach(async () => {
  await i18n.changeLanguage(before);
});

describe('hub refusals in the UI language', () => {
  it('has a sentence for every reason key in English and German', async () => {
    for (const lng of ['en', 'de'] as const) {
      await i18n.changeLanguage(lng);
      for (const key of ERROR_REASONS) {
        const text = reasonText({ key, params: {} }, '<fallback>');
        expect(text, `${lng}: ${key}`).not.toBe('<fallback>');
        expect(text.length, `${lng}: ${key}`).toBeGreaterThan(5);
      }
    }
  });

  it('words the same refusal in English and German', async () => {
    const error = { code: 'forbidden', message: 'This conversation is assigned to a colleague. Ask a team lead to transfer it.', reason: { key: 'conversation.assignedToColleague' } };
    await i18n.changeLanguage('en');
    expect(hubErrorText(error)).toBe('This conversation is assigned to a colleague. Ask a team lead to transfer it.');
    await i18n.changeLanguage('de');
    expect(hubErrorText(error)).toBe('Dieses Gespräch ist einer Kollegin oder einem Kollegen zugewiesen. Bitte eine Teamleitung, es zu übergeben.');
  });

  it('puts the parameters into the sentence: counts with plurals, channel names, addresses', async () => {
    const stale = { message: 'Not sent: …', reason: { key: 'conversation.stale', params: { customer: 2, colleagues: 1, assigned: false, closed: true } } };
    const taken = { message: 'Another email account…', reason: { key: 'channel.addressTaken', params: { channel: 'email', address: 'help@example.test' } } };
    await i18n.changeLanguage('en');
    expect(hubErrorText(stale)).toBe(
      'Not sent: since you wrote this, the customer wrote 2 new messages, a colleague replied 1 time, the conversation was closed. Review and send again, or discard.',
    );
    expect(hubErrorText(taken)).toBe('Another Email account already uses help@example.test.');
    await i18n.changeLanguage('de');
    expect(hubErrorText(stale)).toBe(
      'Nicht gesendet: Seit du das geschrieben hast, hat der Kunde 2 neue Nachrichten geschrieben, hat eine Kollegin oder ein Kollege 1-mal geantwortet, wurde das Gespräch geschlossen. Prüfen und erneut senden oder verwerfen.',
    );
    expect(hubErrorText(taken)).toBe('Ein anderes E-Mail-Konto verwendet help@example.test bereits.');
  });

  it('words a too-long reply with the channel’s own name for it', async () => {
    const reason = (channel: string, visibility: string) => ({ key: 'reply.tooLong', params: { channel, visibility, limit: 280, length: 300 } });
    await i18n.changeLanguage('de');
    expect(reasonText(reason('whatsapp', 'private'), '')).toBe('Eine WhatsApp-Nachricht darf höchstens 280 Zeichen haben; diese hat 300. Zum Senden kürzen.');
    expect(reasonText(reason('x', 'public'), '')).toBe('Eine Antwort auf X darf höchstens 280 Zeichen haben (Links zählen 23); diese hat 300. Zum Senden kürzen.');
  });

  it('words the shared rules’ refusals: the closed WhatsApp window with its time in the agent’s zone, a snooze too far out', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const window = replyWindow('whatsapp', new Date(now.getTime() - WHATSAPP_SERVICE_WINDOW_MS - 60_000), now);
    if (window.state !== 'closed') throw new Error('expected a closed window');
    await i18n.changeLanguage('de');
    const closedAt = formatTime('2026-11-24T11:59:00.000Z');
    expect(refusalText(window.reason)).toBe(
      `WhatsApp erlaubt freie Antworten nur innerhalb von 24 Stunden, nachdem der Kunde zuletzt geschrieben hat; dieses Fenster hat sich am ${closedAt} geschlossen. Bis der Kunde wieder schreibt, kann nur eine Vorlage gesendet werden.`,
    );
    expect(refusalText(snoozeUntilProblem(now.getTime() + 400 * 86_400_000, now.getTime())!)).toBe('Ein Gespräch kann höchstens 365 Tage zurückgestellt werden.');
    await i18n.changeLanguage('en');
    expect(refusalText(window.reason)).toContain(`that window closed at ${formatTime('2026-11-24T11:59:00.000Z')}.`);
  });

  it('falls back to the hub’s message for an unknown, malformed or missing reason', async () => {
    await i18n.changeLanguage('de');
    expect(hubErrorText({ message: 'Something new', reason: { key: 'brand.newThing' } })).toBe('Something new');
    expect(hubErrorText({ message: 'Odd', reason: { key: 42 } })).toBe('Odd');
    // A key naming a group of texts is not a sentence.
    expect(hubErrorText({ message: 'Group', reason: { key: 'stale' } })).toBe('Group');
    expect(hubErrorText({ message: 'From an older hub' })).toBe('From an older hub');
  });

  it('shows a parked reply’s refusal in the language of the moment', async () => {
    const failed = { ...message(1, uuid(1), { direction: 'outbound', authorId: uuid(9) }), localState: 'failed' as const, localError: 'This conversation is not in your team’s queue any more.', localErrorReason: { key: 'conversation.notYourTeam' as const } };
    await i18n.changeLanguage('de');
    expect(messageStatus(failed)).toEqual({ kind: 'failed', reason: 'Dieses Gespräch ist nicht mehr in der Warteschlange deines Teams.' });
    await i18n.changeLanguage('en');
    expect(messageStatus(failed)).toEqual({ kind: 'failed', reason: "This conversation is not in your team's queue any more." });
  });
});
