/**
 * Merge then unmerge restores the original exactly — as a property over random customer graphs
 * and random per-field choices (fast-check), plus the rules around it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MERGE_FIELDS,
  MergeRuleError,
  OWNED_KINDS,
  planMerge,
  planUnmerge,
  type CustomerGraph,
  type CustomerMaster,
  type FieldChoices,
} from '../../../src-shared/index.js';

const nullableText = fc.option(fc.string({ maxLength: 8 }), { nil: null });

const master = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.string({ minLength: 1, maxLength: 12 }),
    language: nullableText,
    country: nullableText,
    customerNumber: nullableText,
    segment: nullableText,
    owner: nullableText,
    mergedInto: fc.constant(null),
    scoreInputs: fc.option(fc.record({ followers: fc.nat(), helpfulAnswers: fc.nat(5) }), { nil: null }),
    priorityBoost: fc.nat(20),
    updatedAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  }) satisfies fc.Arbitrary<CustomerMaster>;

const IDS = ['a', 'b', 'c', 'd'];

/** A graph of four customers with rows of every kind owned by any of them. */
const graph: fc.Arbitrary<CustomerGraph> = fc
  .record({
    customers: fc.tuple(...IDS.map(master)),
    owners: fc.record(
      Object.fromEntries(OWNED_KINDS.map((k) => [k, fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).map((s) => `${k}-${s}`), fc.constantFrom(...IDS), { maxKeys: 12 })])) as {
        [K in (typeof OWNED_KINDS)[number]]: fc.Arbitrary<Record<string, string>>;
      },
    ),
  })
  .map(({ customers, owners }) => ({ customers: Object.fromEntries(customers.map((c) => [c.id, c])), owners }));

const choices: fc.Arbitrary<FieldChoices> = fc.record(Object.fromEntries(MERGE_FIELDS.map((f) => [f, fc.constantFrom('survivor', 'merged')])) as never, { requiredKeys: [] });

const pair = fc.tuple(fc.constantFrom(...IDS), fc.constantFrom(...IDS)).filter(([a, b]) => a !== b);

describe('merge and unmerge', () => {
  it('unmerge(merge(g)) is g, for any graph, pair and per-field choice', () => {
    fc.assert(
      fc.property(graph, pair, choices, (g, [survivor, merged], ch) => {
        const before = structuredClone(g);
        const { graph: after, snapshot } = planMerge(g, survivor, merged, ch, '2031-01-01T00:00:00.000Z');
        expect(planUnmerge(after, snapshot)).toEqual(before);
        // The input is never mutated.
        expect(g).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('moves everything the merged customer owned, keeps chosen fields, and releases the customer number', () => {
    fc.assert(
      fc.property(graph, pair, choices, (g, [survivor, merged], ch) => {
        const { graph: after } = planMerge(g, survivor, merged, ch, '2031-01-01T00:00:00.000Z');
        for (const kind of OWNED_KINDS) expect(Object.values(after.owners[kind])).not.toContain(merged);
        for (const f of MERGE_FIELDS) expect(after.customers[survivor]![f]).toEqual((ch[f] === 'merged' ? g.customers[merged]! : g.customers[survivor]!)[f]);
        expect(after.customers[merged]).toMatchObject({ mergedInto: survivor, customerNumber: null });
      }),
      { numRuns: 300 },
    );
  });

  it('unmerge after rows arrived for the survivor keeps the new rows with the survivor', () => {
    fc.assert(
      fc.property(graph, pair, (g, [survivor, merged]) => {
        const { graph: after, snapshot } = planMerge(g, survivor, merged, {}, '2031-01-01T00:00:00.000Z');
        after.owners.conversations['conversations-new'] = survivor;
        expect(planUnmerge(after, snapshot).owners.conversations['conversations-new']).toBe(survivor);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses merging a customer with itself, a merged-away one, and unmerging under a later merge', () => {
    const g = fc.sample(graph, { numRuns: 1, seed: 7 })[0]!;
    expect(() => planMerge(g, 'a', 'a', {}, 'x')).toThrow(MergeRuleError);
    const first = planMerge(g, 'a', 'b', {}, '2031-01-01T00:00:00.000Z');
    expect(() => planMerge(first.graph, 'c', 'b', {}, 'x')).toThrow(/merged away/);
    const second = planMerge(first.graph, 'c', 'a', {}, '2031-01-02T00:00:00.000Z');
    expect(() => planUnmerge(second.graph, first.snapshot)).toThrow(/merged again/);
    // Undone in reverse order, both come back exactly.
    expect(planUnmerge(planUnmerge(second.graph, second.snapshot), first.snapshot)).toEqual(g);
  });
});
