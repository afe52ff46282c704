// The machine a run happened on, for bench/RESULTS.md: numbers mean little without it.
import { readFileSync } from 'node:fs';
import os from 'node:os';

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

export function machineDescription(): Record<string, string> {
  const cpuinfo = readOr('/proc/cpuinfo', '');
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  const model = field('model name') ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = field('cpu MHz');
  const virtual = / hypervisor( |$)/m.test(field('flags') ?? '') ? ', virtual machine' : '';
  const osName = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readOr('/etc/os-release', ''))?.[1] ?? os.type();
  return {
    CPU: `${model}${mhz ? ` @ ${Math.round(Number(mhz))} MHz` : ''}${virtual}`,
    Cores: `${os.availableParallelism()} (logical)`,
    Memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    Node: process.version,
    OS: `${osName}, kernel ${os.release()} (${os.arch()})`,
  };
}
