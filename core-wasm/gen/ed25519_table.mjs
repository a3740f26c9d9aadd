// Generates core-wasm/ed25519_table.ts: precomputed multiples of the Ed25519 base point and the
// curve / ristretto255 constants, as 10-limb radix-2^25.5 field elements (see README.md).
//
//   node core-wasm/gen/ed25519_table.mjs            (writes core-wasm/ed25519_table.ts)
//   node core-wasm/gen/ed25519_table.mjs --stdout   (prints instead)
//
// Plain Node with BigInt, no dependencies. Every table entry is checked to lie on the curve.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// ---- parameters (the code reads the constants this script emits; override for experiments with
// ED25519_TABLE_W / ED25519_TABLE_TEETH). Measured: W=5 TEETH=3 (32.6 KB) is about 5% slower in
// fixed-base multiplication than W=5 TEETH=2 (49.9 KB) and 10% faster than W=4 TEETH=2 (30 KB).
// Fixed base: signed radix-2^W digits, DIG digits (scalars < 2^253 after reduction mod l), split
// into TEETH interleaved groups ("comb"): position i holds k * 2^(W*TEETH*i) * B for k = 1..2^(W-1).
const W = +(process.env.ED25519_TABLE_W ?? 5);
const TEETH = +(process.env.ED25519_TABLE_TEETH ?? 3);
const DIG = Math.ceil(253 / W) + 0; // digits of a scalar < 2^253; the top digit absorbs the carry
const POS = Math.ceil(DIG / TEETH);
const ENTRIES = 1 << (W - 1);
// Verification: odd multiples B, 3B, ..., (2*NODD-1)B for a width-(log2(NODD)+2) NAF.
const NODD = 64;

const p = (1n << 255n) - 19n;
const l = (1n << 252n) + 27742317777372353535851937790883648493n;
const mod = (a) => ((a % p) + p) % p;
const pow = (b, e) => {
  let r = 1n;
  b = mod(b);
  while (e > 0n) {
    if (e & 1n) r = (r * b) % p;
    b = (b * b) % p;
    e >>= 1n;
  }
  return r;
};
const inv = (a) => pow(a, p - 2n);
const SQRTM1 = pow(2n, (p - 1n) / 4n);
const sqrt = (a) => {
  a = mod(a);
  let r = pow(a, (p + 3n) / 8n);
  if (mod(r * r - a) !== 0n) r = mod(r * SQRTM1);
  if (mod(r * r - a) !== 0n) throw new Error('not a square');
  return r;
};
const isNeg = (a) => mod(a) & 1n;
const abs = (a) => (isNeg(a) ? mod(-a) : mod(a));

const d = mod(-121665n * inv(121666n));
const d2 = mod(2n * d);

// Base point: y = 4/5, x positive (even).
const By = mod(4n * inv(5n));
let Bx = sqrt(mod((By * By - 1n) * inv(d * By * By + 1n)));
if (isNeg(Bx)) Bx = mod(-Bx);

// Affine Edwards addition (a = -1).
const onCurve = ([x, y]) => mod(-x * x + y * y - 1n - d * x * x * y * y) === 0n;
const add = ([x1, y1], [x2, y2]) => {
  const t = mod(d * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + y1 * x2) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))];
};
const mul = (k, P) => {
  let R = [0n, 1n];
  let Q = P;
  while (k > 0n) {
    if (k & 1n) R = add(R, Q);
    Q = add(Q, Q);
    k >>= 1n;
  }
  return R;
};
const B = [Bx, By];
if (!onCurve(B)) throw new Error('B not on curve');
if (mul(l, B)[0] !== 0n || mul(l, B)[1] !== 1n) throw new Error('order of B');

// ristretto255 constants: the RFC 9496 (section 4.1) decimal values, checked against their
// definitions (the RFC fixes which square root is meant).
const SQRT_AD_MINUS_ONE = 25063068953384623474111414158702152701244531502492656460079210482610430750235n;
const INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578n;
const ONE_MINUS_D_SQ = 1159843021668779879193775521855586647937357759715417654439879720876111806838n;
const D_MINUS_ONE_SQ = 40440834346308536858101042469323190826248399146238708352240133220865137265952n;
const check = (name, ok) => {
  if (!ok) throw new Error(name);
};
check('SQRT_M1', mod(SQRTM1 * SQRTM1) === p - 1n && SQRTM1 === 19681161376707505956807079304988542015446066515923890162744021073123829784752n);
check('SQRT_AD_MINUS_ONE', mod(SQRT_AD_MINUS_ONE * SQRT_AD_MINUS_ONE) === mod(-d - 1n));
check('INVSQRT_A_MINUS_D', mod(INVSQRT_A_MINUS_D * INVSQRT_A_MINUS_D * (-1n - d)) === 1n);
check('ONE_MINUS_D_SQ', ONE_MINUS_D_SQ === mod(1n - d * d));
check('D_MINUS_ONE_SQ', D_MINUS_ONE_SQ === mod((d - 1n) * (d - 1n)));

// 10 limbs, radix 2^25.5: 26, 25, 26, 25, ... bits; canonical (non-negative, reduced).
const limbs = (v) => {
  v = mod(v);
  const out = [];
  for (let i = 0; i < 10; i++) {
    const bits = i % 2 === 0 ? 26n : 25n;
    out.push(Number(v & ((1n << bits) - 1n)));
    v >>= bits;
  }
  if (v !== 0n) throw new Error('limbs');
  return out;
};
// Affine niels form (y+x, y-x, 2d*x*y): 30 limbs.
const niels = ([x, y]) => [...limbs(y + x), ...limbs(y - x), ...limbs(d2 * x * y)];

// Fixed-base comb table.
const table = [];
for (let i = 0; i < POS; i++) {
  const Pi = mul(1n << BigInt(W * TEETH * i), B);
  let Q = Pi;
  for (let k = 1; k <= ENTRIES; k++) {
    if (!onCurve(Q)) throw new Error('table point');
    table.push(...niels(Q));
    Q = add(Q, Pi);
  }
}
// Odd multiples of B and of B' = 2^128 B for verification.
const oddMultiples = (P) => {
  const out = [];
  const P2 = add(P, P);
  let Q = P;
  for (let k = 0; k < NODD; k++) {
    if (!onCurve(Q)) throw new Error('odd multiple');
    out.push(...niels(Q));
    Q = add(Q, P2);
  }
  return out;
};
const odd = oddMultiples(B);
const odd128 = oddMultiples(mul(1n << 128n, B));

const fmt = (arr, perLine = 10) => {
  const lines = [];
  for (let i = 0; i < arr.length; i += perLine) lines.push('  ' + arr.slice(i, i + perLine).join(', ') + ',');
  return lines.join('\n');
};
const fe = (name, v, doc) =>
  `// ${doc}\nexport const ${name}: usize = memory.data<i32>([${limbs(v).join(', ')}]);\n`;

const out = `// GENERATED by core-wasm/gen/ed25519_table.mjs; do not edit. Regenerate with
//   node core-wasm/gen/ed25519_table.mjs
// Field elements: 10 i32 limbs, radix 2^25.5, canonical. Niels entries: (y+x, y-x, 2d*x*y),
// 30 i32 = 120 bytes each.

// Fixed-base comb: signed radix-2^${W} digits, ${DIG} digits, ${TEETH} interleaved groups.
// ED25519_BASE_TABLE + (i * ${ENTRIES} + (k - 1)) * 120 = niels(k * 2^(${W * TEETH} * i) * B),
// i = 0..${POS - 1}, k = 1..${ENTRIES}. ${POS * ENTRIES} entries, ${POS * ENTRIES * 120} bytes.
export const BASE_W: i32 = ${W};
export const BASE_TEETH: i32 = ${TEETH};
export const BASE_DIGITS: i32 = ${DIG};
export const BASE_POSITIONS: i32 = ${POS};
export const BASE_ENTRIES: i32 = ${ENTRIES};

// Odd multiples for verification: ED25519_BASE_ODD + j * 120 = niels((2j+1) * B) and
// ED25519_BASE128_ODD + j * 120 = niels((2j+1) * 2^128 * B), j = 0..${NODD - 1}.
export const BASE_ODD_COUNT: i32 = ${NODD};

${fe('ED25519_BX', Bx, 'Base point x (positive root for y = 4/5).')}
${fe('ED25519_BY', By, 'Base point y = 4/5.')}
${fe('ED25519_BT', mod(Bx * By), 'Base point t = x*y.')}
${fe('ED25519_D', d, 'd = -121665/121666.')}
${fe('ED25519_D2', d2, '2d.')}
${fe('ED25519_SQRTM1', SQRTM1, 'sqrt(-1) = 2^((p-1)/4).')}
${fe('RISTRETTO_SQRT_AD_MINUS_ONE', SQRT_AD_MINUS_ONE, 'RFC 9496 SQRT_AD_MINUS_ONE.')}
${fe('RISTRETTO_INVSQRT_A_MINUS_D', INVSQRT_A_MINUS_D, 'RFC 9496 INVSQRT_A_MINUS_D.')}
${fe('RISTRETTO_ONE_MINUS_D_SQ', ONE_MINUS_D_SQ, 'RFC 9496 ONE_MINUS_D_SQ.')}
${fe('RISTRETTO_D_MINUS_ONE_SQ', D_MINUS_ONE_SQ, 'RFC 9496 D_MINUS_ONE_SQ.')}
export const ED25519_BASE_ODD: usize = memory.data<i32>([
${fmt(odd, 10)}
], 16);

export const ED25519_BASE128_ODD: usize = memory.data<i32>([
${fmt(odd128, 10)}
], 16);

export const ED25519_BASE_TABLE: usize = memory.data<i32>([
${fmt(table, 10)}
], 16);
`;

if (process.argv.includes('--stdout')) process.stdout.write(out);
else {
  const here = dirname(fileURLToPath(import.meta.url));
  writeFileSync(join(here, '..', 'ed25519_table.ts'), out);
  console.log(`wrote ed25519_table.ts: comb ${POS}x${ENTRIES} (${POS * ENTRIES * 120} bytes), odd 2 x ${NODD} (${2 * NODD * 120} bytes)`);
}
