// AES-256-CTR (NIST SP 800-38A), constant time, bitsliced on v128.
//
// Layout. Eight blocks are processed at once in eight v128 bit planes: plane j holds bit j of
// every state byte. Byte 4*row + col of a plane is the AES state byte (row, col) (row-major, so
// each i32 lane is one row) and bit b of that byte belongs to block b. Blocks become planes by
// a byte transpose of each block (row-major order) followed by an 8x8 bit transpose inside
// every byte position (12 SWAPMOVEs on i64x2 shifts); planes become blocks the same way back.
//
// Round. SubBytes is the Boyar-Peralta 113-gate circuit (32 AND + 81 XOR; its four XNORs, the
// constant 0x63, are dropped and 0x63 is folded into round keys 1..14 instead, which is exact
// because MixColumns maps the all-0x63 state to itself). ShiftRows is never executed
// (fixslicing, after Adomnicai-Peyrin): after round r the state is kept column-rotated by
// SR^-r, the round keys are stored with the same permutation, and MixColumns uses the row
// rotations conjugated by it. Per plane, with w = x ^ rho1(x): out = xtime(w) ^ rho1(x) ^
// rho2(w) (xtime on planes is 3 XORs); rho1 takes each byte from (row+1, col+r), rho2 from
// (row+2, col+2r): an i32x4 lane shuffle plus, depending on r mod 4, a byte rotation inside
// the lanes (shifts or an i16x8 shuffle). Cost per round on 8 blocks: 113 S-box gates, 35
// XORs, about 40 shuffle/shift instructions. The last round's leftover permutation is folded
// into the byte transpose back to blocks.
//
// Two lanes. One batch leaves the core partly idle (long dependency chains, spills), so the
// round loop runs two independent lanes (16 blocks) in alternation through memory, which the
// out-of-order core overlaps (about 15% faster than one lane at a time).
//
// Key schedule. Runs in the same plane form with each key byte replicated over the 8 block
// bits (no transposition), as the other lane of the first batch: its 13 SubWords use the
// same gate-level S-box, and round key r+1 is ready one step before the batch needs it.
// Everything is constant time; the only branches are on the round number, the length and
// the (public) counter; all scratch is static and wiped before returning.

// ---- scratch (wiped before aes256_ctr returns) ----
const RK: usize = memory.data(15 * 128, 16); // round keys: 15 x 8 planes, permuted, 0x63 folded
const ST: usize = memory.data(256, 16); // two lanes of 8 blocks or 8 planes
const KR: usize = memory.data(256, 16); // key schedule: the last two raw round keys (planes)

// Lane modes.
const OFF = 0;
const ENC = 1;
const KEY = 2;

// ---- byte permutations ----

// Row rotations (i32 lanes): row i <- row i+1, i+2.
// @ts-ignore: decorator
@inline function row1(v: v128): v128 { return i32x4.shuffle(v, v, 1, 2, 3, 0); }
// @ts-ignore: decorator
@inline function row2(v: v128): v128 { return i32x4.shuffle(v, v, 2, 3, 0, 1); }
// Column rotations inside every row: byte c <- byte c+1, c+2, c+3.
// @ts-ignore: decorator
@inline function col1(v: v128): v128 { return v128.or(i32x4.shr_u(v, 8), i32x4.shl(v, 24)); }
// @ts-ignore: decorator
@inline function col2(v: v128): v128 { return i16x8.shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6); }
// @ts-ignore: decorator
@inline function col3(v: v128): v128 { return v128.or(i32x4.shr_u(v, 24), i32x4.shl(v, 8)); }
// Round key r is stored rotated like the state after round r (row i by -r*i columns).
// @ts-ignore: decorator
@inline function kperm1(v: v128): v128 {
  return i8x16.swizzle(v, v128(0, 1, 2, 3, 7, 4, 5, 6, 10, 11, 8, 9, 13, 14, 15, 12));
}
// @ts-ignore: decorator
@inline function kperm2(v: v128): v128 { return i16x8.shuffle(v, v, 0, 1, 3, 2, 4, 5, 7, 6); }
// @ts-ignore: decorator
@inline function kperm3(v: v128): v128 {
  return i8x16.swizzle(v, v128(0, 1, 2, 3, 5, 6, 7, 4, 10, 11, 8, 9, 15, 12, 13, 14));
}

// ---- key schedule pieces ----

// Stores round key r >= 1 (raw planes n0..n7) into RK: permuted, 0x63 folded (planes 0,1,5,6).
// @ts-ignore: decorator
@inline function emitKey(
  r: i32, n0: v128, n1: v128, n2: v128, n3: v128, n4: v128, n5: v128, n6: v128, n7: v128
): void {
  const d = RK + (<usize>r << 7);
  n0 = v128.not(n0); n1 = v128.not(n1); n5 = v128.not(n5); n6 = v128.not(n6);
  const c = r & 3;
  if (c == 1) {
    v128.store(d, kperm1(n0), 0); v128.store(d, kperm1(n1), 16);
    v128.store(d, kperm1(n2), 32); v128.store(d, kperm1(n3), 48);
    v128.store(d, kperm1(n4), 64); v128.store(d, kperm1(n5), 80);
    v128.store(d, kperm1(n6), 96); v128.store(d, kperm1(n7), 112);
  } else if (c == 2) {
    v128.store(d, kperm2(n0), 0); v128.store(d, kperm2(n1), 16);
    v128.store(d, kperm2(n2), 32); v128.store(d, kperm2(n3), 48);
    v128.store(d, kperm2(n4), 64); v128.store(d, kperm2(n5), 80);
    v128.store(d, kperm2(n6), 96); v128.store(d, kperm2(n7), 112);
  } else if (c == 3) {
    v128.store(d, kperm3(n0), 0); v128.store(d, kperm3(n1), 16);
    v128.store(d, kperm3(n2), 32); v128.store(d, kperm3(n3), 48);
    v128.store(d, kperm3(n4), 64); v128.store(d, kperm3(n5), 80);
    v128.store(d, kperm3(n6), 96); v128.store(d, kperm3(n7), 112);
  } else {
    v128.store(d, n0, 0); v128.store(d, n1, 16); v128.store(d, n2, 32); v128.store(d, n3, 48);
    v128.store(d, n4, 64); v128.store(d, n5, 80); v128.store(d, n6, 96); v128.store(d, n7, 112);
  }
}

// One plane of the next raw round key. u: S-box output plane (already row-rotated for
// RotWord), prev: the same plane two round keys back, rcv: rcon in lane 0, j: plane index.
// @ts-ignore: decorator
@inline function keyPlane(u: v128, prev: v128, rcv: v128, j: i32): v128 {
  // SubWord of column 3 broadcast along each row (plane bytes are 0x00 or 0xff), plus rcon
  // bit j in row 0 and the S-box constant 0x63.
  let t = v128.xor(i32x4.shr_s(u, 24), i32x4.shr_s(i32x4.shl(rcv, 31 - j), 31));
  if (((0x63 >> j) & 1) != 0) t = v128.not(t);
  // previous key with its columns prefix-XORed (w0, w0^w1, w0^w1^w2, ...)
  const a = v128.xor(prev, i32x4.shl(prev, 8));
  return v128.xor(v128.xor(a, i32x4.shl(a, 16)), t);
}

// ---- the round loop ----
// Runs rounds 1..14 on up to two lanes (ST and ST + 128), alternating between them. An ENC lane
// holds the planes after AddRoundKey 0 and ends with the last round's output planes (still
// in the rotated order). A KEY lane holds round key 1 as replicated planes (KR: round keys 0
// and 1 raw) and computes round key r + 1 at step r, one step ahead of an ENC lane's use.
function rounds(mode0: i32, mode1: i32): void {
  for (let r = 1; r <= 14; r++) {
    for (let lane = 0; lane < 2; lane++) {
      const mode = lane == 0 ? mode0 : mode1;
      if (mode == OFF || (mode == KEY && r == 14)) continue;
      const p = ST + (<usize>lane << 7);
      // SubBytes without the constant: Boyar-Peralta, U0 / S0 the most significant bit.
      const U0 = v128.load(p, 112), U1 = v128.load(p, 96), U2 = v128.load(p, 80);
      const U3 = v128.load(p, 64), U4 = v128.load(p, 48), U5 = v128.load(p, 32);
      const U6 = v128.load(p, 16), U7 = v128.load(p, 0);
      const y14 = v128.xor(U3, U5), y13 = v128.xor(U0, U6);
      const y9 = v128.xor(U0, U3), y8 = v128.xor(U0, U5);
      const t0 = v128.xor(U1, U2), y1 = v128.xor(t0, U7);
      const y4 = v128.xor(y1, U3), y12 = v128.xor(y13, y14);
      const y2 = v128.xor(y1, U0), y5 = v128.xor(y1, U6);
      const y3 = v128.xor(y5, y8), t1 = v128.xor(U4, y12);
      const y15 = v128.xor(t1, U5), y20 = v128.xor(t1, U1);
      const y6 = v128.xor(y15, U7), y10 = v128.xor(y15, t0);
      const y11 = v128.xor(y20, y9), y7 = v128.xor(U7, y11);
      const y17 = v128.xor(y10, y11), y19 = v128.xor(y10, y8);
      const y16 = v128.xor(t0, y11), y21 = v128.xor(y13, y16);
      const y18 = v128.xor(U0, y16);
      const t2 = v128.and(y12, y15), t3 = v128.and(y3, y6);
      const t4 = v128.xor(t3, t2), t5 = v128.and(y4, U7);
      const t6 = v128.xor(t5, t2), t7 = v128.and(y13, y16);
      const t8 = v128.and(y5, y1), t9 = v128.xor(t8, t7);
      const t10 = v128.and(y2, y7), t11 = v128.xor(t10, t7);
      const t12 = v128.and(y9, y11), t13 = v128.and(y14, y17);
      const t14 = v128.xor(t13, t12), t15 = v128.and(y8, y10);
      const t16 = v128.xor(t15, t12), t17 = v128.xor(t4, t14);
      const t18 = v128.xor(t6, t16), t19 = v128.xor(t9, t14);
      const t20 = v128.xor(t11, t16), t21 = v128.xor(t17, y20);
      const t22 = v128.xor(t18, y19), t23 = v128.xor(t19, y21);
      const t24 = v128.xor(t20, y18), t25 = v128.xor(t21, t22);
      const t26 = v128.and(t21, t23), t27 = v128.xor(t24, t26);
      const t28 = v128.and(t25, t27), t29 = v128.xor(t28, t22);
      const t30 = v128.xor(t23, t24), t31 = v128.xor(t22, t26);
      const t32 = v128.and(t31, t30), t33 = v128.xor(t32, t24);
      const t34 = v128.xor(t23, t33), t35 = v128.xor(t27, t33);
      const t36 = v128.and(t24, t35), t37 = v128.xor(t36, t34);
      const t38 = v128.xor(t27, t36), t39 = v128.and(t29, t38);
      const t40 = v128.xor(t25, t39), t41 = v128.xor(t40, t37);
      const t42 = v128.xor(t29, t33), t43 = v128.xor(t29, t40);
      const t44 = v128.xor(t33, t37), t45 = v128.xor(t42, t41);
      const z0 = v128.and(t44, y15), z1 = v128.and(t37, y6);
      const z2 = v128.and(t33, U7), z3 = v128.and(t43, y16);
      const z4 = v128.and(t40, y1), z5 = v128.and(t29, y7);
      const z6 = v128.and(t42, y11), z7 = v128.and(t45, y17);
      const z8 = v128.and(t41, y10), z9 = v128.and(t44, y12);
      const z10 = v128.and(t37, y3), z11 = v128.and(t33, y4);
      const z12 = v128.and(t43, y13), z13 = v128.and(t40, y5);
      const z14 = v128.and(t29, y2), z15 = v128.and(t42, y9);
      const z16 = v128.and(t45, y14), z17 = v128.and(t41, y8);
      const tc1 = v128.xor(z15, z16), tc2 = v128.xor(z10, tc1);
      const tc3 = v128.xor(z9, tc2), tc4 = v128.xor(z0, z2);
      const tc5 = v128.xor(z1, z0), tc6 = v128.xor(z3, z4);
      const tc7 = v128.xor(z12, tc4), tc8 = v128.xor(z7, tc6);
      const tc9 = v128.xor(z8, tc7), tc10 = v128.xor(tc8, tc9);
      const tc11 = v128.xor(tc6, tc5), tc12 = v128.xor(z3, z5);
      const tc13 = v128.xor(z13, tc1), tc14 = v128.xor(tc4, tc12);
      const S3 = v128.xor(tc3, tc11), tc16 = v128.xor(z6, tc8);
      const tc17 = v128.xor(z14, tc10), tc18 = v128.xor(tc13, tc14);
      const S7 = v128.xor(z12, tc18), tc20 = v128.xor(z15, tc16);
      const tc21 = v128.xor(tc2, z11), S0 = v128.xor(tc3, tc16);
      const S6 = v128.xor(tc10, tc18), S4 = v128.xor(tc14, S3);
      const S1 = v128.xor(S3, tc16), tc26 = v128.xor(tc17, tc20);
      const S2 = v128.xor(tc26, z17), S5 = v128.xor(tc21, tc17);
      // s_j = bit j of the S-box output
      const s0 = S7, s1 = S6, s2 = S5, s3 = S4, s4 = S3, s5 = S2, s6 = S1, s7 = S0;

      if (mode == KEY) {
        // lane = round key r; compute round key r + 1 from round key r - 1 (raw, in KR)
        const prev = KR + (<usize>((r + 1) & 1) << 7);
        let u0 = s0, u1 = s1, u2 = s2, u3 = s3, u4 = s4, u5 = s5, u6 = s6, u7 = s7;
        let rcon = 0;
        if ((r & 1) != 0) { // even round keys: RotWord and rcon = 2^((r-1)/2)
          u0 = row1(u0); u1 = row1(u1); u2 = row1(u2); u3 = row1(u3);
          u4 = row1(u4); u5 = row1(u5); u6 = row1(u6); u7 = row1(u7);
          rcon = 1 << ((r - 1) >> 1);
        }
        const rcv = i32x4.replace_lane(i64x2.splat(0), 0, rcon);
        const n0 = keyPlane(u0, v128.load(prev, 0), rcv, 0);
        const n1 = keyPlane(u1, v128.load(prev, 16), rcv, 1);
        const n2 = keyPlane(u2, v128.load(prev, 32), rcv, 2);
        const n3 = keyPlane(u3, v128.load(prev, 48), rcv, 3);
        const n4 = keyPlane(u4, v128.load(prev, 64), rcv, 4);
        const n5 = keyPlane(u5, v128.load(prev, 80), rcv, 5);
        const n6 = keyPlane(u6, v128.load(prev, 96), rcv, 6);
        const n7 = keyPlane(u7, v128.load(prev, 112), rcv, 7);
        v128.store(p, n0, 0); v128.store(p, n1, 16); v128.store(p, n2, 32); v128.store(p, n3, 48);
        v128.store(p, n4, 64); v128.store(p, n5, 80); v128.store(p, n6, 96); v128.store(p, n7, 112);
        v128.store(prev, n0, 0); v128.store(prev, n1, 16); v128.store(prev, n2, 32); v128.store(prev, n3, 48);
        v128.store(prev, n4, 64); v128.store(prev, n5, 80); v128.store(prev, n6, 96); v128.store(prev, n7, 112);
        emitKey(r + 1, n0, n1, n2, n3, n4, n5, n6, n7);
        continue;
      }
      const k = RK + (<usize>r << 7);
      if (r == 14) { // last round: no MixColumns
        v128.store(p, v128.xor(s0, v128.load(k, 0)), 0); v128.store(p, v128.xor(s1, v128.load(k, 16)), 16);
        v128.store(p, v128.xor(s2, v128.load(k, 32)), 32); v128.store(p, v128.xor(s3, v128.load(k, 48)), 48);
        v128.store(p, v128.xor(s4, v128.load(k, 64)), 64); v128.store(p, v128.xor(s5, v128.load(k, 80)), 80);
        v128.store(p, v128.xor(s6, v128.load(k, 96)), 96); v128.store(p, v128.xor(s7, v128.load(k, 112)), 112);
        continue;
      }
      // MixColumns (conjugated by the current column rotation) and AddRoundKey.
      const c = r & 3;
      let a0 = row1(s0), a1 = row1(s1), a2 = row1(s2), a3 = row1(s3);
      let a4 = row1(s4), a5 = row1(s5), a6 = row1(s6), a7 = row1(s7);
      if (c == 1) {
        a0 = col1(a0); a1 = col1(a1); a2 = col1(a2); a3 = col1(a3);
        a4 = col1(a4); a5 = col1(a5); a6 = col1(a6); a7 = col1(a7);
      } else if (c == 2) {
        a0 = col2(a0); a1 = col2(a1); a2 = col2(a2); a3 = col2(a3);
        a4 = col2(a4); a5 = col2(a5); a6 = col2(a6); a7 = col2(a7);
      } else if (c == 3) {
        a0 = col3(a0); a1 = col3(a1); a2 = col3(a2); a3 = col3(a3);
        a4 = col3(a4); a5 = col3(a5); a6 = col3(a6); a7 = col3(a7);
      }
      const w0 = v128.xor(s0, a0), w1 = v128.xor(s1, a1), w2 = v128.xor(s2, a2), w3 = v128.xor(s3, a3);
      const w4 = v128.xor(s4, a4), w5 = v128.xor(s5, a5), w6 = v128.xor(s6, a6), w7 = v128.xor(s7, a7);
      let b0 = row2(w0), b1 = row2(w1), b2 = row2(w2), b3 = row2(w3);
      let b4 = row2(w4), b5 = row2(w5), b6 = row2(w6), b7 = row2(w7);
      if ((c & 1) != 0) {
        b0 = col2(b0); b1 = col2(b1); b2 = col2(b2); b3 = col2(b3);
        b4 = col2(b4); b5 = col2(b5); b6 = col2(b6); b7 = col2(b7);
      }
      // xtime(w): bit0 <- w7, bit1 <- w0^w7, bit3 <- w2^w7, bit4 <- w3^w7, else bit j <- w(j-1)
      v128.store(p, v128.xor(v128.xor(w7, a0), v128.xor(b0, v128.load(k, 0))), 0);
      v128.store(p, v128.xor(v128.xor(v128.xor(w0, w7), a1), v128.xor(b1, v128.load(k, 16))), 16);
      v128.store(p, v128.xor(v128.xor(w1, a2), v128.xor(b2, v128.load(k, 32))), 32);
      v128.store(p, v128.xor(v128.xor(v128.xor(w2, w7), a3), v128.xor(b3, v128.load(k, 48))), 48);
      v128.store(p, v128.xor(v128.xor(v128.xor(w3, w7), a4), v128.xor(b4, v128.load(k, 64))), 64);
      v128.store(p, v128.xor(v128.xor(w4, a5), v128.xor(b5, v128.load(k, 80))), 80);
      v128.store(p, v128.xor(v128.xor(w5, a6), v128.xor(b6, v128.load(k, 96))), 96);
      v128.store(p, v128.xor(v128.xor(w6, a7), v128.xor(b7, v128.load(k, 112))), 112);
    }
  }
}

// ---- conversions between blocks and planes ----
// The 8x8 bit transpose inside every byte position (3 x 4 SWAPMOVEs) is an involution.
// SWAPMOVE(a, b, n, m): exchange bits (b & m) with bits (a & (m << n)); smT gives the delta.
// @ts-ignore: decorator
@inline function smT(a: v128, b: v128, n: i32, m: v128): v128 {
  return v128.and(v128.xor(i64x2.shr_u(a, n), b), m);
}

// The 16 bytes of counter hi:lo + i (mod 2^128), big-endian, in row-major order.
// @ts-ignore: decorator
@inline function ctrBlock(hi: u64, lo: u64, i: u64, rm: v128): v128 {
  const l = lo + i;
  const h = l < lo ? hi + 1 : hi;
  return i8x16.swizzle(i64x2.replace_lane(i64x2.splat(bswap<u64>(h)), 1, bswap<u64>(l)), rm);
}

// Where transpose() puts vector i (bytes o = 16 i) after transposing. The mode is a literal at
// every call, so the other branches fold away.
const TO_PLANES = 0;     // p[o] = x ^ round key 0 (x: plane i of 8 counter blocks)
const TO_DST = 1;        // x -> AES byte order; dst[o] = src[o] ^ x (a full batch)
const TO_LANE = 2;       // x -> AES byte order; p[o] = x (the keystream of a partial batch)
// @ts-ignore: decorator
@inline function put(mode: i32, p: usize, src: usize, dst: usize, o: usize, x: v128): void {
  if (mode == TO_PLANES) {
    v128.store(p + o, v128.xor(x, v128.load(RK + o)));
    return;
  }
  // undo the row-major order and the rotation SR^-14 = SR^2 left by the last round
  x = i8x16.swizzle(x, v128(0, 6, 8, 14, 1, 7, 9, 15, 2, 4, 10, 12, 3, 5, 11, 13));
  if (mode == TO_DST) v128.store(dst + o, v128.xor(x, v128.load(src + o)));
  else v128.store(p + o, x);
}

// The bit transpose of x0..x7 (blocks <-> planes), each result then put() as mode says.
// @ts-ignore: decorator
@inline function transpose(
  mode: i32, p: usize, src: usize, dst: usize,
  x0: v128, x1: v128, x2: v128, x3: v128, x4: v128, x5: v128, x6: v128, x7: v128,
): void {
  const m1 = i8x16.splat(0x55), m2 = i8x16.splat(0x33), m4 = i8x16.splat(0x0f);
  let t: v128;
  t = smT(x0, x1, 1, m1); x1 = v128.xor(x1, t); x0 = v128.xor(x0, i64x2.shl(t, 1));
  t = smT(x2, x3, 1, m1); x3 = v128.xor(x3, t); x2 = v128.xor(x2, i64x2.shl(t, 1));
  t = smT(x4, x5, 1, m1); x5 = v128.xor(x5, t); x4 = v128.xor(x4, i64x2.shl(t, 1));
  t = smT(x6, x7, 1, m1); x7 = v128.xor(x7, t); x6 = v128.xor(x6, i64x2.shl(t, 1));
  t = smT(x0, x2, 2, m2); x2 = v128.xor(x2, t); x0 = v128.xor(x0, i64x2.shl(t, 2));
  t = smT(x1, x3, 2, m2); x3 = v128.xor(x3, t); x1 = v128.xor(x1, i64x2.shl(t, 2));
  t = smT(x4, x6, 2, m2); x6 = v128.xor(x6, t); x4 = v128.xor(x4, i64x2.shl(t, 2));
  t = smT(x5, x7, 2, m2); x7 = v128.xor(x7, t); x5 = v128.xor(x5, i64x2.shl(t, 2));
  t = smT(x0, x4, 4, m4); x4 = v128.xor(x4, t); x0 = v128.xor(x0, i64x2.shl(t, 4));
  t = smT(x1, x5, 4, m4); x5 = v128.xor(x5, t); x1 = v128.xor(x1, i64x2.shl(t, 4));
  t = smT(x2, x6, 4, m4); x6 = v128.xor(x6, t); x2 = v128.xor(x2, i64x2.shl(t, 4));
  t = smT(x3, x7, 4, m4); x7 = v128.xor(x7, t); x3 = v128.xor(x3, i64x2.shl(t, 4));
  put(mode, p, src, dst, 0, x0); put(mode, p, src, dst, 16, x1);
  put(mode, p, src, dst, 32, x2); put(mode, p, src, dst, 48, x3);
  put(mode, p, src, dst, 64, x4); put(mode, p, src, dst, 80, x5);
  put(mode, p, src, dst, 96, x6); put(mode, p, src, dst, 112, x7);
}

// Lane p := planes of the 8 counter blocks hi:lo, hi:lo+1, ... with round key 0 added.
function planesIn(p: usize, hi: u64, lo: u64): void {
  const rm = v128(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  transpose(
    TO_PLANES, p, 0, 0,
    ctrBlock(hi, lo, 0, rm), ctrBlock(hi, lo, 1, rm), ctrBlock(hi, lo, 2, rm),
    ctrBlock(hi, lo, 3, rm), ctrBlock(hi, lo, 4, rm), ctrBlock(hi, lo, 5, rm),
    ctrBlock(hi, lo, 6, rm), ctrBlock(hi, lo, 7, rm),
  );
}

// Output planes of lane p -> keystream blocks (AES byte order); dst = src ^ keystream for
// n <= 128 bytes. A partial batch leaves its keystream in p.
function planesOut(p: usize, src: usize, dst: usize, n: usize): void {
  const x0 = v128.load(p, 0), x1 = v128.load(p, 16), x2 = v128.load(p, 32), x3 = v128.load(p, 48);
  const x4 = v128.load(p, 64), x5 = v128.load(p, 80), x6 = v128.load(p, 96), x7 = v128.load(p, 112);
  if (n == 128) {
    transpose(TO_DST, p, src, dst, x0, x1, x2, x3, x4, x5, x6, x7);
    return;
  }
  transpose(TO_LANE, p, src, dst, x0, x1, x2, x3, x4, x5, x6, x7);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) v128.store(dst + i, v128.xor(v128.load(src + i), v128.load(p + i)));
  for (; i < n; i++) store<u8>(dst + i, load<u8>(src + i) ^ load<u8>(p + i));
}

// ---- key ----

// 16 key bytes (AES order) -> 8 row-major planes at dst, bit j of each byte replicated.
function toPlanes(k: v128, dst: usize): void {
  k = i8x16.swizzle(k, v128(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
  for (let j = 0; j < 8; j++) {
    const bit: i32 = 1 << j;
    const m = i8x16.splat(<i8>bit);
    v128.store(dst + (<usize>j << 4), i8x16.eq(v128.and(k, m), m));
  }
}

// The counter block (public), as a big-endian 128-bit integer hi:lo.
let ctrHi: u64 = 0;
let ctrLo: u64 = 0;

// Puts the next 8 counter blocks into lane p (see planesIn) and advances the counter by
// `used` of them (the ones that will be consumed).
function loadBatch(p: usize, used: u64): void {
  planesIn(p, ctrHi, ctrLo);
  const lo = ctrLo + used;
  if (lo < used) ctrHi++;
  ctrLo = lo;
}

// @ts-ignore: decorator
@inline function min128(n: usize): usize { return n < 128 ? n : 128; }

// dst = src XOR AES-256-CTR keystream for len bytes (any length; dst == src allowed). ctr is
// the 16-byte big-endian counter block; on return it holds the block after the last one used.
export function aes256_ctr(key: usize, ctr: usize, src: usize, dst: usize, len: u32): void {
  if (len == 0) return;
  ctrHi = bswap<u64>(load<u64>(ctr));
  ctrLo = bswap<u64>(load<u64>(ctr, 8));
  const n = <usize>len;
  // lane 0: key schedule (round keys 0 and 1 straight from the key); lane 1: first batch
  toPlanes(v128.load(key), RK);
  toPlanes(v128.load(key), KR);
  toPlanes(v128.load(key, 16), KR + 128);
  memory.copy(ST, KR + 128, 128);
  emitKey(1,
    v128.load(KR, 128), v128.load(KR, 144), v128.load(KR, 160), v128.load(KR, 176),
    v128.load(KR, 192), v128.load(KR, 208), v128.load(KR, 224), v128.load(KR, 240));
  let m = min128(n);
  loadBatch(ST + 128, <u64>((m + 15) >> 4));
  rounds(KEY, ENC);
  planesOut(ST + 128, src, dst, m);
  let off = m;
  // then two batches at a time
  while (off < n) {
    const m0 = min128(n - off);
    loadBatch(ST, <u64>((m0 + 15) >> 4));
    const off1 = off + m0;
    if (off1 < n) {
      const m1 = min128(n - off1);
      loadBatch(ST + 128, <u64>((m1 + 15) >> 4));
      rounds(ENC, ENC);
      planesOut(ST + 128, src + off1, dst + off1, m1);
      off = off1 + m1;
    } else {
      rounds(ENC, OFF);
      off = off1;
    }
    planesOut(ST, src + off1 - m0, dst + off1 - m0, m0);
  }
  store<u64>(ctr, bswap<u64>(ctrHi));
  store<u64>(ctr, bswap<u64>(ctrLo), 8);
  memory.fill(RK, 0, 15 * 128);
  memory.fill(ST, 0, 256);
  memory.fill(KR, 0, 256);
}
