/**
 * A minimal WebAssembly writer that produces the binary format and the text format (WAT) of the
 * same module side by side: each instruction is appended once, as bytes and as a line of text.
 * It covers what a standalone kernel needs (scalar f64 arithmetic, imports, one memory, exported
 * globals, a data segment, a custom section) and nothing else.
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
const TYPE_NAME: Readonly<Record<number, string>> = { [I32]: 'i32', [F64]: 'f64' };

export interface FuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** Bytes being written. */
export class Bytes {
  private buf = new Uint8Array(256);
  length = 0;

  byte(b: number): this {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
    return this;
  }

  bytes(bs: ArrayLike<number>): this {
    for (let i = 0; i < bs.length; i++) this.byte(bs[i]);
    return this;
  }

  /** Unsigned LEB128. */
  u32(v: number): this {
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 (32-bit). */
  s32(v: number): this {
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }

  f64(v: number): this {
    return this.bytes(new Uint8Array(Float64Array.of(v).buffer));
  }

  name(s: string): this {
    const utf8 = new TextEncoder().encode(s);
    return this.u32(utf8.length).bytes(utf8);
  }

  /** A length-prefixed copy of `other`. */
  sized(other: Bytes): this {
    return this.u32(other.length).bytes(other.view());
  }

  view(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}

/** A function body: instructions as bytes and as indented WAT lines. */
export class Body {
  readonly code = new Bytes();
  readonly text: string[] = [];
  private depth = 2;

  private emit(text: string): this {
    this.text.push(`${'  '.repeat(this.depth)}${text}`);
    return this;
  }

  /** An instruction without immediates. */
  op(byte: number, text: string): this {
    this.code.byte(byte);
    return this.emit(text);
  }

  localGet(i: number, name: string): this {
    this.code.byte(0x20).u32(i);
    return this.emit(`local.get ${name}`);
  }

  localSet(i: number, name: string): this {
    this.code.byte(0x21).u32(i);
    return this.emit(`local.set ${name}`);
  }

  i32Const(v: number): this {
    this.code.byte(0x41).s32(v);
    return this.emit(`i32.const ${v}`);
  }

  f64Const(v: number): this {
    this.code.byte(0x44).f64(v);
    return this.emit(`f64.const ${watFloat(v)}`);
  }

  /** f64.load/f64.store with 8-byte alignment and a constant offset. */
  f64Load(offset = 0): this {
    this.code.byte(0x2b).u32(3).u32(offset);
    return this.emit(offset === 0 ? 'f64.load' : `f64.load offset=${offset}`);
  }

  f64Store(): this {
    this.code.byte(0x39).u32(3).u32(0);
    return this.emit('f64.store');
  }

  call(index: number, name: string): this {
    this.code.byte(0x10).u32(index);
    return this.emit(`call ${name}`);
  }

  block(): this {
    this.code.byte(0x02).byte(0x40);
    this.emit('block');
    this.depth++;
    return this;
  }

  loop(): this {
    this.code.byte(0x03).byte(0x40);
    this.emit('loop');
    this.depth++;
    return this;
  }

  end(): this {
    this.code.byte(0x0b);
    this.depth--;
    return this.emit('end');
  }

  br(label: number): this {
    this.code.byte(0x0c).u32(label);
    return this.emit(`br ${label}`);
  }

  brIf(label: number): this {
    this.code.byte(0x0d).u32(label);
    return this.emit(`br_if ${label}`);
  }

  comment(text: string): this {
    return this.emit(`;; ${text}`);
  }
}

/** WAT spelling of an f64 literal that reads back exactly. */
export function watFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

/** WAT string literal of bytes (every byte escaped, so any content is safe). */
export function watBytes(bytes: ArrayLike<number>): string {
  let s = '"';
  for (let i = 0; i < bytes.length; i++) s += '\\' + bytes[i].toString(16).padStart(2, '0');
  return s + '"';
}

/** WAT string literal of text (quotes, backslashes and non-printable characters escaped). */
export function watString(text: string): string {
  const utf8 = new TextEncoder().encode(text);
  let s = '"';
  for (const b of utf8) {
    if (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c) s += String.fromCharCode(b);
    else s += '\\' + b.toString(16).padStart(2, '0');
  }
  return s + '"';
}

/** WAT of a function type's params and results. */
export function watSignature(t: FuncType): string {
  const p = t.params.length > 0 ? ` (param ${t.params.map((x) => TYPE_NAME[x]).join(' ')})` : '';
  const r = t.results.length > 0 ? ` (result ${t.results.map((x) => TYPE_NAME[x]).join(' ')})` : '';
  return p + r;
}

/** Binary encoding of a function type. */
export function encodeFuncType(out: Bytes, t: FuncType): void {
  out.byte(0x60).u32(t.params.length).bytes(t.params).u32(t.results.length).bytes(t.results);
}

/** Appends section `id` with `content`. */
export function section(out: Bytes, id: number, content: Bytes): void {
  out.byte(id).sized(content);
}
