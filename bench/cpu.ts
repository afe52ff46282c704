// CPU accounting from /proc, because this 2-core machine is shared: how much CPU the overlay (or
// the floor) spent per request, which other people's load barely changes, and how much of the
// machine went to processes that are not this benchmark's while it measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MS_PER_TICK = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10; // USER_HZ is 100 on every Linux we run on
  }
})();

/** utime, stime, cutime, cstime of a process, in ms (cu/cs: its children that have been waited for). */
function times(pid: number | 'self'): [number, number, number, number] {
  // Field 2 (the command) may hold spaces and parentheses: count from the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [11, 12, 13, 14].map((i) => Number(fields[i]) * MS_PER_TICK) as [number, number, number, number];
}

/** CPU time of a live process (its threads included), ms. */
export function processCpuMs(pid: number): number {
  const [user, system] = times(pid);
  return user + system;
}

/** This process and its reaped children (wrk and the load client, once they have exited), ms. */
function selfCpuMs(): number {
  return times('self').reduce((a, b) => a + b, 0);
}

/** Busy and stolen time summed over all CPUs since boot, ms. */
function machineCpuMs(): { busy: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user! + nice! + system! + irq! + softirq!) * MS_PER_TICK, steal: steal! * MS_PER_TICK };
}

export interface CpuWindow {
  /** CPU ms of each watched process over the window. */
  byPid: Map<number, number>;
  /** Cores' worth of CPU used by processes that are not ours (busy − ours) / wall, and stolen by the hypervisor. */
  othersCores: number;
  stealCores: number;
}

/** Starts a window over `pids` (the long-lived processes we started); call the result to close it. */
export function cpuWindow(pids: readonly number[]): () => CpuWindow {
  const wallStart = performance.now();
  const machineStart = machineCpuMs();
  const selfStart = selfCpuMs();
  const pidStart = pids.map(processCpuMs);
  return () => {
    const wall = performance.now() - wallStart;
    const machine = machineCpuMs();
    const byPid = new Map(pids.map((pid, i) => [pid, processCpuMs(pid) - pidStart[i]!]));
    const ours = selfCpuMs() - selfStart + [...byPid.values()].reduce((a, b) => a + b, 0);
    return {
      byPid,
      othersCores: Math.max(0, (machine.busy - machineStart.busy - ours) / wall),
      stealCores: (machine.steal - machineStart.steal) / wall,
    };
  };
}
