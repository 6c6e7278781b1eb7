/**
 * Fixed ports, for servers that cannot listen on port 0 like the tests' other servers: the
 * fix-verification stacks (nginx, Apache, Caddy, … need their port in their config before they
 * start) and `npm run verify:lab` (its LNA scenarios tell the browser which port is "public").
 * They must lie outside the kernel's ephemeral range: inside it, a parallel test's `listen(0)`
 * server or any client socket (Chromium's own connections) can hold the port at the moment a
 * server binds it, and the server dies with EADDRINUSE (seen in CI on 46020).
 */
import fs from 'node:fs';

/** Linux's default when /proc cannot be read (other systems: a range this block also avoids). */
const DEFAULT_EPHEMERAL: [number, number] = [32768, 60999];
const BLOCK_SIZE = 100;
/** Below 32768 and clear of well-known developer ports (3000, 5173, 8080 …). */
const PREFERRED_START = 24600;
/** Who gets which block, so they can run side by side. */
const BLOCKS = { 'fix-stacks': 0, 'verify-lab': 1, 'lab-unit': 2, 'page-hooks-unit': 3 } as const;
export type PortUser = keyof typeof BLOCKS;

export function ephemeralRange(readProc: () => string = () => fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')): [number, number] {
  try {
    const [low, high] = readProc().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!) return [low!, high!];
  } catch {
    /* not Linux, or /proc hidden: assume the default */
  }
  return DEFAULT_EPHEMERAL;
}

/** The first port of `user`'s block of BLOCK_SIZE ports, which no ephemeral allocation can take. */
export function fixedPortBlock(user: PortUser, range = ephemeralRange()): number {
  const [low, high] = range;
  const span = BLOCK_SIZE * Object.keys(BLOCKS).length;
  const outside = (start: number) => start + span - 1 < low || start > high;
  const offset = BLOCKS[user] * BLOCK_SIZE;
  if (outside(PREFERRED_START)) return PREFERRED_START + offset;
  if (high + span < 65536) return high + 1 + offset;
  if (low - span > 1024) return low - span + offset;
  throw new Error(`the ephemeral port range ${low}-${high} leaves no ${span} fixed ports for the test servers (${user})`);
}
