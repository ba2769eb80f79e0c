/**
 * The Social Customer Score: an influence score an agent can read component by component.
 *
 * Four components with fixed ceilings, summed to 0..100, each with the figure it came from, so
 * the badge never shows a number nobody can explain. Logarithmic where the raw figure spans
 * orders of magnitude (followers, messages): 1,000 followers is not a tenth of 10,000 in reach.
 */

/** What the score is computed from. Profile figures come from the social networks or CRM. */
export interface ScoreInputs {
  /** Followers on the largest linked network; null when unknown. */
  followers: number | null;
  /** A verified account (blue check, Meta verified). */
  verified: boolean;
  /** Customer messages to the brand in the last 90 days, all channels. */
  messages90d: number;
  /** Public answers that helped other customers (marked by agents or counted by the CRM). */
  helpfulAnswers: number;
  /** Public posts about the brand with a positive tone. */
  positiveMentions: number;
}

export type ScoreComponentKey = 'reach' | 'verification' | 'engagement' | 'advocacy';

export interface ScoreComponent {
  key: ScoreComponentKey;
  label: string;
  points: number;
  max: number;
  /** The figure behind the points, in words. */
  detail: string;
}

export interface CustomerScore {
  total: number;
  components: ScoreComponent[];
  /** An advocate or superfan: helps others or speaks well of the brand in public. */
  advocate: boolean;
  /** What the score adds to a conversation's queue priority (urgent mail is 50). */
  priorityBoost: number;
}

export const EMPTY_SCORE_INPUTS: ScoreInputs = { followers: null, verified: false, messages90d: 0, helpfulAnswers: 0, positiveMentions: 0 };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const clamp = (n: number, max: number) => Math.max(0, Math.min(max, n));
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Compute the score and its components from `inputs`. Deterministic and pure. */
export function computeScore(inputs: ScoreInputs): CustomerScore {
  const followers = Math.max(0, inputs.followers ?? 0);
  // 1M followers fill the reach component.
  const reach = round1(clamp((30 * Math.log10(followers + 1)) / 6, 30));
  const verification = inputs.verified ? 10 : 0;
  // 100 messages in 90 days fill engagement.
  const engagement = round1(clamp((30 * Math.log10(Math.max(0, inputs.messages90d) + 1)) / 2, 30));
  const advocacy = clamp(Math.max(0, inputs.helpfulAnswers) * 6 + Math.max(0, inputs.positiveMentions) * 3, 30);
  const components: ScoreComponent[] = [
    { key: 'reach', label: 'Followers / reach', points: reach, max: 30, detail: inputs.followers === null ? 'unknown' : `${followers.toLocaleString('en')} followers` },
    { key: 'verification', label: 'Verified account', points: verification, max: 10, detail: inputs.verified ? 'verified' : 'not verified' },
    { key: 'engagement', label: 'Engagement with the brand', points: engagement, max: 30, detail: `${inputs.messages90d} ${inputs.messages90d === 1 ? 'message' : 'messages'} in 90 days` },
    {
      key: 'advocacy',
      label: 'Advocacy',
      points: advocacy,
      max: 30,
      detail: `${plural(inputs.helpfulAnswers, 'helpful public answer')}, ${plural(inputs.positiveMentions, 'positive mention')}`,
    },
  ];
  const total = Math.round(reach + verification + engagement + advocacy);
  return { total, components, advocate: advocacy >= 15, priorityBoost: Math.round(total / 5) };
}

/**
 * The score as it may be shown: social profile figures (followers, verification) count only while
 * the customer has an active `social-profile` consent. Hub and console both compute it this way.
 */
export function scoreOf(inputs: ScoreInputs | null | undefined, socialConsent: boolean): CustomerScore {
  const i = inputs ?? EMPTY_SCORE_INPUTS;
  return computeScore(socialConsent ? i : { ...i, followers: null, verified: false });
}

// Small bilingual lexicon (the demo's and most customers' languages): a tone hint, not sentiment
// analysis; an agent can correct the count in the panel.
const POSITIVE = /\b(danke|vielen dank|super|toll|klasse|empfehle|begeistert|thank(s| you)|love|great|awesome|recommend|amazing|excellent)\b/i;
const NEGATIVE = /\b(nicht|kein|schlecht|enttäuscht|ärger|not|never|bad|terrible|worst|angry|disappointed)\b/i;

/** True when a public post reads as praise (a positive word and no negative one). */
export function isPositiveMention(text: string): boolean {
  return POSITIVE.test(text) && !NEGATIVE.test(text);
}
