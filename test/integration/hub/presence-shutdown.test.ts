import { describe, expect, it } from 'vitest';
import { emit, okData, startTestHub } from './harness.js';

/**
 * A hub that shuts down disconnects its consoles after the lead tools closed. Their presence grace
 * must not run out afterwards and write to the closed database (a model test that restarts the
 * hub saw "presence: marking offline failed: driver has already been destroyed").
 */
describe('presence at hub shutdown', () => {
  it('does not mark consoles offline after the hub closed', async () => {
    const t = await startTestHub({ lead: { presenceGraceMs: 50, sweepMs: 3_600_000, dashboardIntervalMs: 3_600_000 } });
    const { socket } = await t.connectAs(t.users.agentA);
    okData(await emit(socket, 'presence:set', { state: 'available' }));
    await t.close();
    // Well past the grace: a timer started by the shutdown's disconnects would have fired.
    await new Promise((r) => setTimeout(r, 300));
    expect(t.logs.filter((l) => l.includes('presence'))).toEqual([]);
  });
});
