/**
 * Routing priority: which waiting conversation an agent gets next.
 *
 * The order is lexicographic, in the order team leads named the factors: SLA risk, then the
 * conversation's priority (the Social Customer Score or an urgent flag, 0–100), then urgency or
 * negative sentiment of the customer's words, then VIP customers — and among equals the one
 * waiting longest first.
 *
 * The sentiment scorer is a small German/English lexicon, not a model: routing needs a cheap,
 * explainable signal ("this customer says *sofort* and *Frechheit*"), computed for every waiting
 * conversation on every routing round. Sentiment libraries on npm are English-only (AFINN) or
 * pull in model files; a word list leads can read fits better here.
 */
import type { SlaTimerState } from './sla.js';

const NEGATIVE = [
  // English
  'angry', 'annoyed', 'awful', 'bad', 'broken', 'cancel', 'complaint', 'disappointed', 'disappointing', 'disgusting', 'fraud',
  'furious', 'horrible', 'joke', 'lawyer', 'never again', 'outrageous', 'pathetic', 'ridiculous', 'scam', 'terrible',
  'unacceptable', 'useless', 'worst', 'rip-off', 'ripoff', 'hate', 'not working', "doesn't work", 'does not work', 'refund',
  // German
  'ärgerlich', 'anwalt', 'betrug', 'enttäuscht', 'enttäuschend', 'frechheit', 'katastrophe', 'katastrophal', 'kündigen',
  'kündigung', 'lächerlich', 'mangelhaft', 'nie wieder', 'schlecht', 'schrecklich', 'unverschämt', 'unverschämtheit',
  'unzumutbar', 'wütend', 'sauer', 'skandal', 'abzocke', 'beschwerde', 'funktioniert nicht', 'geht nicht', 'kaputt',
  'defekt', 'erstattung', 'miserabel', 'zumutung',
];

const URGENT = [
  'urgent', 'urgently', 'asap', 'immediately', 'emergency', 'right now', 'as soon as possible', 'critical', 'deadline',
  'dringend', 'sofort', 'eilig', 'notfall', 'umgehend', 'unverzüglich', 'schnellstmöglich', 'so schnell wie möglich', 'kritisch', 'frist',
];

/** Topic keywords (besides hashtags), for skills and early warnings. */
const TOPICS: Record<string, string[]> = {
  billing: ['invoice', 'bill', 'billing', 'charge', 'charged', 'payment', 'rechnung', 'abbuchung', 'zahlung', 'lastschrift', 'mahnung'],
  delivery: ['delivery', 'package', 'parcel', 'shipping', 'tracking', 'lieferung', 'paket', 'sendung', 'versand', 'zustellung'],
  outage: ['outage', 'down', 'offline', 'no signal', 'not working', 'störung', 'ausfall', 'kein netz', 'funktioniert nicht'],
  contract: ['contract', 'cancel', 'cancellation', 'tariff', 'plan', 'vertrag', 'kündigen', 'kündigung', 'tarif'],
  refund: ['refund', 'money back', 'return', 'erstattung', 'geld zurück', 'rücksendung', 'retoure'],
};

/** The word lists behind `textSignals`, readable by leads (and tests) as they are. */
export const SIGNAL_LEXICON: { readonly negative: readonly string[]; readonly urgent: readonly string[]; readonly topics: Readonly<Record<string, readonly string[]>> } = {
  negative: NEGATIVE,
  urgent: URGENT,
  topics: TOPICS,
};

const LETTER = /[\p{L}\p{N}]/u;
const NON_LETTERS = /[^\p{L}\p{N}]+/u;

/** Whether `phrase` occurs in `text` as whole words (text already lower-cased): the exact check. */
function hasPhrase(text: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(phrase, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : text[i - 1]!;
    const after = text[i + phrase.length] ?? '';
    if (!LETTER.test(before) && !LETTER.test(after)) return true;
    from = i + 1;
  }
}

/**
 * A lexicon entry, split once: its runs of letters and digits ("rip-off" → rip, off).
 *
 * A phrase that occurs in a text as whole words has every one of its runs among the text's
 * words, so the word set rules most entries out without scanning the text; only an entry whose
 * runs are all present (and that has more than one run) needs the exact `hasPhrase` check.
 * Scanning the text once per entry (about 100 of them) cost the hub over a second per minute of
 * live traffic; splitting the text once costs one pass.
 */
interface LexiconEntry {
  phrase: string;
  runs: string[];
}

const entry = (phrase: string): LexiconEntry => ({ phrase, runs: phrase.split(NON_LETTERS).filter(Boolean) });
const NEGATIVE_ENTRIES = NEGATIVE.map(entry);
const URGENT_ENTRIES = URGENT.map(entry);
const TOPIC_ENTRIES = Object.entries(TOPICS).map(([topic, words]) => [topic, words.map(entry)] as const);

function occurs(lower: string, words: ReadonlySet<string>, { phrase, runs }: LexiconEntry): boolean {
  for (const run of runs) if (!words.has(run)) return false;
  // A one-run entry that is nothing but that run ("refund") occurs exactly when it is one of the words.
  return runs.length === 1 && runs[0] === phrase ? true : hasPhrase(lower, phrase);
}

export interface TextSignals {
  /** How many negative words or phrases occur (capped at 5). */
  negative: number;
  urgent: boolean;
  /** Hashtags (lower-case, with `#`) and lexicon topics, sorted. */
  topics: string[];
}

/**
 * How much of a text the signals read. A customer's own words come first; what follows in a long
 * mail is mostly quoted history — earlier messages, often the agent's — which says nothing about
 * how the customer feels now, and reading all 50 KB of it per message cost the hub real CPU at
 * ingest rates.
 */
export const SIGNAL_TEXT_CHARS = 10_000;

/** Negative and urgent words, hashtags and topics of a customer's text (German and English). */
export function textSignals(text: string): TextSignals {
  const lower = (text.length > SIGNAL_TEXT_CHARS ? text.slice(0, SIGNAL_TEXT_CHARS) : text).toLowerCase();
  const words = new Set(lower.split(NON_LETTERS));
  let negative = 0;
  for (const e of NEGATIVE_ENTRIES) if (occurs(lower, words, e)) negative++;
  // Shouting is a signal too: three or more exclamation marks.
  if (/!{3,}/.test(lower)) negative++;
  const urgent = URGENT_ENTRIES.some((e) => occurs(lower, words, e));
  const topics = new Set<string>();
  for (const match of lower.matchAll(/#[\p{L}\p{N}_]{2,50}/gu)) topics.add(match[0]);
  for (const [topic, entries] of TOPIC_ENTRIES) if (entries.some((e) => occurs(lower, words, e))) topics.add(topic);
  return { negative: Math.min(negative, 5), urgent, topics: [...topics].sort() };
}

/** The inputs of the routing order for one waiting conversation. */
export interface RoutingCandidate {
  slaState: SlaTimerState;
  /** 0–100 (Social Customer Score, urgent mail flag). */
  priority: number;
  /** 2 = urgent words, 1 = negative words, 0 = neither. */
  sentiment: number;
  vip: boolean;
  /** Since when the customer waits (epoch ms). */
  waitingSince: number;
}

const SLA_RANK: Record<SlaTimerState, number> = { breached: 2, warning: 1, ok: 0 };

/** The sentiment tier of text signals: urgency outranks plain negativity. */
export function sentimentTier(signals: Pick<TextSignals, 'negative' | 'urgent'>): number {
  return signals.urgent ? 2 : signals.negative > 0 ? 1 : 0;
}

/** Sort comparator: negative when `a` should be routed before `b`. */
export function compareRouting(a: RoutingCandidate, b: RoutingCandidate): number {
  return (
    SLA_RANK[b.slaState] - SLA_RANK[a.slaState] ||
    b.priority - a.priority ||
    b.sentiment - a.sentiment ||
    Number(b.vip) - Number(a.vip) ||
    a.waitingSince - b.waitingSince
  );
}
