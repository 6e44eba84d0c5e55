import os from 'node:os';

/** The machine a figure was measured on, as the README names it. */
export function benchMachine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'CPU inconnu';
  return `${cpu}, ${os.cpus().length} cœurs, ${Math.round(os.totalmem() / 2 ** 30)} Go, Node ${process.version}, ${os.platform()}`;
}
