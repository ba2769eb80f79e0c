/**
 * The Social Customer Score: each component explains its points, advocacy flags advocates, and
 * social profile figures count only with consent.
 */
import { describe, expect, it } from 'vitest';
import { computeScore, EMPTY_SCORE_INPUTS, isPositiveMention, scoreOf } from '../../../src-shared/index.js';

describe('Social Customer Score', () => {
  it('is 0 for a customer nobody knows anything about', () => {
    expect(computeScore(EMPTY_SCORE_INPUTS)).toMatchObject({ total: 0, advocate: false, priorityBoost: 0 });
  });

  it('adds up four explained components with fixed ceilings', () => {
    const score = computeScore({ followers: 1_000_000, verified: true, messages90d: 100, helpfulAnswers: 3, positiveMentions: 4 });
    expect(score.components.map((c) => [c.key, c.points, c.max])).toEqual([
      ['reach', 30, 30],
      ['verification', 10, 10],
      ['engagement', 30, 30],
      ['advocacy', 30, 30],
    ]);
    expect(score).toMatchObject({ total: 100, advocate: true, priorityBoost: 20 });
    expect(score.components[0]!.detail).toBe('1,000,000 followers');
    expect(score.components[3]!.detail).toBe('3 helpful public answers, 4 positive mentions');
  });

  it('grows logarithmically with reach and engagement', () => {
    const small = computeScore({ ...EMPTY_SCORE_INPUTS, followers: 1_000 }).components[0]!.points;
    const big = computeScore({ ...EMPTY_SCORE_INPUTS, followers: 10_000 }).components[0]!.points;
    expect(small).toBe(15);
    expect(big).toBe(20);
    expect(computeScore({ ...EMPTY_SCORE_INPUTS, messages90d: 9 }).components[2]!.points).toBe(15);
  });

  it('flags an advocate from helpful answers and praise, not from reach', () => {
    expect(computeScore({ ...EMPTY_SCORE_INPUTS, followers: 5_000_000, verified: true }).advocate).toBe(false);
    expect(computeScore({ ...EMPTY_SCORE_INPUTS, helpfulAnswers: 2, positiveMentions: 1 }).advocate).toBe(true);
  });

  it('leaves followers and verification out without a social-profile consent', () => {
    const inputs = { followers: 100_000, verified: true, messages90d: 3, helpfulAnswers: 0, positiveMentions: 0 };
    expect(scoreOf(inputs, false).components.slice(0, 2).map((c) => c.points)).toEqual([0, 0]);
    expect(scoreOf(inputs, true).total).toBeGreaterThan(scoreOf(inputs, false).total + 30);
    expect(scoreOf(null, true).total).toBe(0);
  });

  it('reads praise in German and English, not complaints', () => {
    expect(isPositiveMention('Danke, super Service!')).toBe(true);
    expect(isPositiveMention('Love the new phone, great support')).toBe(true);
    expect(isPositiveMention('Thanks for nothing, never again')).toBe(false);
    expect(isPositiveMention('Wo bleibt meine Lieferung?')).toBe(false);
  });
});
