import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, ROLES, type User } from '../../../src-shared/index.js';
import { visibilityClass, visibleChanges, type ChangeLogRow } from '../../../src-hub/store/changes.js';

// A few fixed ids, so generated rows are assigned to generated viewers often.
const IDS = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];

const viewer = fc.record({
  id: fc.constantFrom(...IDS),
  email: fc.constant('someone@example.test'),
  name: fc.constant('Someone'),
  role: fc.constantFrom(...ROLES),
  departments: fc.subarray([...DEPARTMENTS]),
}) as fc.Arbitrary<User>;

const row = fc.record({
  sync_id: fc.nat(),
  entity: fc.constantFrom('conversation', 'message', 'callback', 'conversation-event', 'customer', 'canned'),
  data: fc.record({ id: fc.uuid() }),
  department_id: fc.option(fc.constantFrom(...DEPARTMENTS)),
  assignee_id: fc.option(fc.constantFrom(...IDS)),
}) as fc.Arbitrary<ChangeLogRow>;

const assigneesOf = (rows: ChangeLogRow[]) => new Set(rows.map((r) => r.assignee_id).filter((id): id is string => id !== null));

describe('poke visibility classes', () => {
  it('gives viewers of one class exactly the same changes (the poke feed encodes one batch per class)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), viewer, viewer, (rows, a, b) => {
        const assignees = assigneesOf(rows);
        if (visibilityClass(a, assignees) !== visibilityClass(b, assignees)) return;
        expect(visibleChanges(rows, a)).toEqual(visibleChanges(rows, b));
      }),
      { numRuns: 5_000 },
    );
  });

  it('shares a class among agents of the same teams, and separates one assigned outside them', () => {
    const rows: ChangeLogRow[] = [{ sync_id: 1, entity: 'conversation', data: { id: IDS[0] }, department_id: 'sales', assignee_id: IDS[2]! }];
    const agent = (id: string, departments: User['departments']): User => ({ id, email: 'a@example.test', name: 'A', role: 'agent', departments });
    const assignees = assigneesOf(rows);
    expect(visibilityClass(agent(IDS[0]!, ['support', 'service']), assignees)).toBe(visibilityClass(agent(IDS[1]!, ['service', 'support']), assignees));
    expect(visibilityClass(agent(IDS[2]!, ['support', 'service']), assignees)).not.toBe(visibilityClass(agent(IDS[1]!, ['service', 'support']), assignees));
    expect(visibleChanges(rows, agent(IDS[2]!, ['support']))[0]!.entity).toBe('conversation');
    expect(visibleChanges(rows, agent(IDS[1]!, ['support']))[0]!.entity).toBe('purge');
  });
});
