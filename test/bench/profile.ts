/**
 * BENCH_PROFILE=1: CPU profiles of one measurement, to see where its time goes.
 *
 * Two profilers run side by side while the measurement runs: Chromium's (CDP `Profiler`) on the
 * console's page — main thread only; workers are not sampled — and Node's own inspector on this
 * process, which runs the hub. Each profile is written to `bench/profile-<name>-{console,hub}.cpuprofile`
 * (open it in Chrome DevTools → Performance) and summarized as the functions with the most self
 * time. Profiling slows both sides down a little, so never compare profiled runs with plain ones.
 */
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export const PROFILING = process.env.BENCH_PROFILE === '1';

/** Self time per function (summed over call sites), the `top` largest, as lines. */
export function summarizeProfile(profile: CpuProfile, top = 15): string[] {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').slice(-2).join('/');
    const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const total = profile.endTime - profile.startTime;
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

/**
 * Run `fn` with both profilers on when BENCH_PROFILE=1 (otherwise just run it). Returns its result
 * and the summary lines for the report.
 */
export async function profiled<T>(name: string, dir: string, page: Page, fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  if (!PROFILING) return { value: await fn(), lines: [] };
  const cdp = await page.context().newCDPSession(page);
  const node = new Session();
  node.connect();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await node.post('Profiler.enable');
  await node.post('Profiler.start');
  let lines: string[] = [];
  let value: T;
  try {
    value = await fn();
  } finally {
    const { profile: consoleProfile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const { profile: hubProfile } = (await node.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    await cdp.detach().catch(() => undefined);
    node.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `profile-${name}-console.cpuprofile`), JSON.stringify(consoleProfile));
    writeFileSync(join(dir, `profile-${name}-hub.cpuprofile`), JSON.stringify(hubProfile));
    lines = [
      `profile ${name}, console main thread (self time):`,
      ...summarizeProfile(consoleProfile).map((l) => `  ${l}`),
      `profile ${name}, hub process (self time):`,
      ...summarizeProfile(hubProfile).map((l) => `  ${l}`),
    ];
  }
  return { value, lines };
}

/**
 * Like `profiled`, for a measurement without a browser (lead routing): only the hub's process is
 * sampled (this thread — the swarm's worker thread is not), written to
 * `bench/profile-<name>-hub.cpuprofile`.
 */
export async function profiledHub<T>(name: string, dir: string, fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  if (!PROFILING) return { value: await fn(), lines: [] };
  const node = new Session();
  node.connect();
  await node.post('Profiler.enable');
  await node.post('Profiler.start');
  let lines: string[] = [];
  let value: T;
  try {
    value = await fn();
  } finally {
    const { profile } = (await node.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    node.disconnect();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `profile-${name}-hub.cpuprofile`), JSON.stringify(profile));
    lines = [`profile ${name}, hub process (self time):`, ...summarizeProfile(profile, 25).map((l) => `  ${l}`)];
  }
  return { value, lines };
}
