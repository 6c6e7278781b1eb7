/**
 * Fixed ports for the fix-verification servers. Real stacks (nginx, Apache, Caddy, …) need their
 * port in their config before they start, so they cannot listen on port 0 like the other tests'
 * servers. Those fixed ports must lie outside the kernel's ephemeral range: inside it, a parallel
 * test's `listen(0)` server or any client socket (Chromium's own connections) can hold the port at
 * the moment a stack binds it, and the stack dies with EADDRINUSE (seen in CI on 46020).
 */
import fs from 'node:fs';

/** Linux's default when /proc cannot be read (other systems: a range this block also avoids). */
const DEFAULT_EPHEMERAL: [number, number] = [32768, 60999];
const BLOCK_SIZE = 100;
/** Below 32768 and clear of well-known developer ports (3000, 5173, 8080 …). */
const PREFERRED_START = 24600;

export function ephemeralRange(readProc: () => string = () => fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')): [number, number] {
  try {
    const [low, high] = readProc().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 0 && high! >= low!) return [low!, high!];
  } catch {
    /* not Linux, or /proc hidden: assume the default */
  }
  return DEFAULT_EPHEMERAL;
}

/** The first port of a block of BLOCK_SIZE ports that no ephemeral allocation can take. */
export function stackPortBlock(range = ephemeralRange()): number {
  const [low, high] = range;
  const outside = (start: number) => start + BLOCK_SIZE - 1 < low || start > high;
  if (outside(PREFERRED_START)) return PREFERRED_START;
  if (high + BLOCK_SIZE < 65536) return high + 1;
  if (low - BLOCK_SIZE > 1024) return low - BLOCK_SIZE;
  throw new Error(`the ephemeral port range ${low}-${high} leaves no ${BLOCK_SIZE} fixed ports for the fix-verification servers`);
}
