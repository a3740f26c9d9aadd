// The I/O area: where the JS wrapper places inputs and reads outputs. It starts after all
// static data (tables and scratch), so nothing the primitives own can be overwritten by a
// caller, and it grows on request so that long messages fit in one call.

const PAGE: usize = 65536;

// Start of the I/O area, 64-byte aligned for v128 loads.
export function io_base(): usize {
  return (__heap_base + 63) & ~(<usize>63);
}

// Make sure `size` bytes are available from io_base(); returns the base, or 0 if memory cannot
// grow that far. Growing detaches the JS views, which the wrapper notices and rebuilds.
export function io_reserve(size: u32): usize {
  const base = io_base();
  const end = base + <usize>size;
  const have = <usize>memory.size() * PAGE;
  if (end > have) {
    const pages = <i32>((end - have + PAGE - 1) / PAGE);
    if (memory.grow(pages) < 0) return 0;
  }
  return base;
}

// Zero the first `size` bytes of the I/O area: the wrapper calls this after an operation whose
// inputs or outputs were secret.
export function io_wipe(size: u32): void {
  memory.fill(io_base(), 0, <usize>size);
}
