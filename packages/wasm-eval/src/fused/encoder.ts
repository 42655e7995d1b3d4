/**
 * A small writer of the WebAssembly binary format: exactly what the fused compiler needs (types,
 * imports of functions and memory, functions, exports, code, an optional name section) and
 * nothing else. It writes into one growable byte buffer and never builds an intermediate tree,
 * so a module of a few kernels encodes in microseconds.
 *
 * Section and body sizes are written as 5-byte padded LEB128 reserved up front and patched at the
 * end (the format allows non-minimal LEB128 up to ceil(32/7) bytes), so nothing is copied to
 * learn a size. Function bodies are the exception: their locals are only known once the body is
 * generated, so the bodies are generated one after the other into one code buffer and each is
 * copied once into the module. Both buffers are pooled and reused across modules: typed-array
 * allocations, not the encoding itself, would otherwise dominate the cost of a small module.
 */
import {
  EXTERN_FUNC,
  EXTERN_MEMORY,
  FUNC_TYPE,
  LIMITS_MIN,
  LIMITS_MIN_MAX,
  LIMITS_SHARED,
  MAGIC,
  OP_END,
  SEC_CODE,
  SEC_CUSTOM,
  SEC_EXPORT,
  SEC_FUNCTION,
  SEC_IMPORT,
  SEC_TYPE,
  SIMD_PREFIX,
  VERSION,
  type ValType,
} from './opcodes.js';

/** A growable little-endian byte buffer with the LEB128 and IEEE encoders of the format. */
export class ByteWriter {
  buf: Uint8Array<ArrayBuffer>;
  pos = 0;
  private view: DataView;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  byte(b: number): void {
    if (this.pos === this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  byte2(a: number, b: number): void {
    this.ensure(2);
    this.buf[this.pos++] = a;
    this.buf[this.pos++] = b;
  }

  /** Unsigned LEB128 of a u32. */
  u32(v: number): void {
    this.ensure(5);
    v >>>= 0;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** Signed LEB128 of an i32. */
  s32(v: number): void {
    this.ensure(5);
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.buf[this.pos++] = b;
        return;
      }
      this.buf[this.pos++] = b | 0x80;
    }
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  bytes(b: ArrayLike<number>): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A name: LEB128 byte length then UTF-8 bytes. */
  name(s: string): void {
    if (/^[\x20-\x7e]*$/.test(s)) {
      this.u32(s.length);
      this.ensure(s.length);
      for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
    } else {
      const b = new TextEncoder().encode(s);
      this.u32(b.length);
      this.bytes(b);
    }
  }

  /** Reserves a 5-byte size field; pass the result to `endSized` once the content is written. */
  beginSized(): number {
    this.ensure(5);
    const at = this.pos;
    this.pos += 5;
    return at;
  }

  /** Patches the size field at `at` with the number of bytes written since (padded LEB128). */
  endSized(at: number): void {
    let v = this.pos - at - 5;
    for (let i = 0; i < 4; i++) {
      this.buf[at + i] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at + 4] = v & 0x7f;
  }

  reset(): void {
    this.pos = 0;
  }

  /** The written bytes (a view, valid until the next write). */
  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.pos);
  }
}

/** A function signature. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Limits of an imported memory, in 64 KiB pages. */
export interface MemoryLimits {
  readonly min: number;
  readonly max?: number;
  readonly shared?: boolean;
}

/**
 * Writes one function body: instructions go to `code` through the helpers below; locals are
 * allocated on demand and declared (run-length encoded) when the module is assembled.
 */
export class FunctionBuilder {
  private readonly localTypes: ValType[] = [];
  /** The body's bytes are code.buf[start, end) (end is set when the body is complete). */
  private readonly start: number;
  private end = -1;

  constructor(
    /** Index of the function in the module's function index space (imports first). */
    readonly index: number,
    readonly type: FuncType,
    readonly name: string,
    /** Where instructions go: the module's code buffer, shared by its functions in turn. */
    readonly code: ByteWriter,
  ) {
    this.start = code.pos;
  }

  /** Ends the body: no instruction may be added afterwards (the next function's follow). */
  seal(): void {
    if (this.end < 0) this.end = this.code.pos;
  }

  /** Size of the body so far, in bytes. */
  get size(): number {
    return (this.end < 0 ? this.code.pos : this.end) - this.start;
  }

  /** A new local of type `t`; returns its index (parameters come first). */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.type.params.length + this.localTypes.length - 1;
  }

  /** Number of locals declared so far (excluding parameters). */
  get localCount(): number {
    return this.localTypes.length;
  }

  op(opcode: number): void {
    this.code.byte(opcode);
  }

  /** An instruction with one LEB128 u32 immediate (local.get, call, br, ...). */
  opU(opcode: number, imm: number): void {
    const w = this.code;
    if (imm < 0x80 && w.pos + 2 <= w.buf.length) {
      // The common case (small local and function indices), without the general encoder.
      w.buf[w.pos++] = opcode;
      w.buf[w.pos++] = imm;
      return;
    }
    w.byte(opcode);
    w.u32(imm);
  }

  /** A SIMD instruction without immediates. */
  simd(sub: number): void {
    const w = this.code;
    w.ensure(3);
    w.buf[w.pos++] = SIMD_PREFIX;
    w.u32(sub);
  }

  /** A SIMD memory instruction: memarg = alignment exponent and static offset. */
  simdMem(sub: number, alignLog2: number, offset: number): void {
    this.code.byte(SIMD_PREFIX);
    this.code.u32(sub);
    this.code.u32(alignLog2);
    this.code.u32(offset);
  }

  /** A SIMD lane instruction (extract_lane/replace_lane). */
  simdLane(sub: number, lane: number): void {
    this.code.byte(SIMD_PREFIX);
    this.code.u32(sub);
    this.code.byte(lane);
  }

  /** A scalar memory instruction with its memarg. */
  mem(opcode: number, alignLog2: number, offset: number): void {
    this.code.byte(opcode);
    this.code.u32(alignLog2);
    this.code.u32(offset);
  }

  /** Writes the local declarations (run-length encoded) followed by the body and `end`. */
  encodeBody(out: ByteWriter): void {
    this.seal();
    const at = out.beginSized();
    const t = this.localTypes;
    let runs = 0;
    for (let i = 0; i < t.length; i++) if (i === 0 || t[i] !== t[i - 1]) runs++;
    out.u32(runs);
    for (let i = 0; i < t.length; ) {
      let j = i + 1;
      while (j < t.length && t[j] === t[i]) j++;
      out.u32(j - i);
      out.byte(t[i]);
      i = j;
    }
    out.bytes(this.code.buf.subarray(this.start, this.end));
    out.byte(OP_END);
    out.endSized(at);
  }
}

interface FuncImport {
  module: string;
  field: string;
  type: number;
}

/**
 * Assembles a module: declare types and imports first, then functions and exports, then call
 * `toBytes()`.
 *
 * @example
 * const m = new ModuleBuilder();
 * const f = m.addFunction({ params: [F64, F64], results: [F64] }, 'add');
 * f.opU(OP_LOCAL_GET, 0); f.opU(OP_LOCAL_GET, 1); f.op(OP_F64_ADD);
 * m.exportFunction('add', f);
 * new WebAssembly.Instance(new WebAssembly.Module(m.toBytes())).exports.add(1, 2); // 3
 */
/** Reusable byte buffers (encoding is synchronous, so a module holds two at most). */
const pool: ByteWriter[] = [];
const takeWriter = (): ByteWriter => {
  const w = pool.pop() ?? new ByteWriter(8192);
  w.reset();
  return w;
};

export class ModuleBuilder {
  private code: ByteWriter | undefined = takeWriter();
  private readonly types: FuncType[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly typeByObject = new Map<FuncType, number>();
  private readonly funcImports: FuncImport[] = [];
  private memoryImport: { module: string; field: string; limits: MemoryLimits } | undefined;
  private readonly functions: FunctionBuilder[] = [];
  private readonly exports: { name: string; func: number }[] = [];

  /** Index of a function type, deduplicated (by identity first: callers reuse type objects). */
  typeIndex(t: FuncType): number {
    let i = this.typeByObject.get(t);
    if (i !== undefined) return i;
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
    i = this.typeKeys.get(key);
    if (i === undefined) {
      i = this.types.length;
      this.types.push(t);
      this.typeKeys.set(key, i);
    }
    this.typeByObject.set(t, i);
    return i;
  }

  /** Imports a function; returns its function index. All imports precede all functions. */
  importFunction(module: string, field: string, type: FuncType): number {
    if (this.functions.length > 0) throw new Error('imports must be declared before functions');
    this.funcImports.push({ module, field, type: this.typeIndex(type) });
    return this.funcImports.length - 1;
  }

  /** Imports the (single) linear memory. */
  importMemory(module: string, field: string, limits: MemoryLimits): void {
    if (limits.shared && limits.max === undefined) throw new Error('a shared memory needs a maximum');
    this.memoryImport = { module, field, limits };
  }

  /** Starts a function; the previous one is complete from now on. */
  addFunction(type: FuncType, name: string): FunctionBuilder {
    if (!this.code) throw new Error('module already encoded');
    this.typeIndex(type);
    this.functions[this.functions.length - 1]?.seal();
    const f = new FunctionBuilder(this.funcImports.length + this.functions.length, type, name, this.code);
    this.functions.push(f);
    return f;
  }

  exportFunction(name: string, f: FunctionBuilder | number): void {
    this.exports.push({ name, func: typeof f === 'number' ? f : f.index });
  }

  /**
   * The module's bytes. `names` adds a "name" custom section with function names (for readable
   * disassembly; engines ignore it).
   */
  toBytes(names = false): Uint8Array<ArrayBuffer> {
    const code = this.code;
    if (!code) throw new Error('module already encoded');
    const w = takeWriter();
    w.bytes(MAGIC);
    w.bytes(VERSION);

    let at = section(w, SEC_TYPE);
    w.u32(this.types.length);
    for (const t of this.types) {
      w.byte(FUNC_TYPE);
      w.u32(t.params.length);
      for (const p of t.params) w.byte(p);
      w.u32(t.results.length);
      for (const r of t.results) w.byte(r);
    }
    w.endSized(at);

    const nImports = this.funcImports.length + (this.memoryImport ? 1 : 0);
    if (nImports > 0) {
      at = section(w, SEC_IMPORT);
      w.u32(nImports);
      if (this.memoryImport) {
        const { module, field, limits } = this.memoryImport;
        w.name(module);
        w.name(field);
        w.byte(EXTERN_MEMORY);
        w.byte(limits.shared ? LIMITS_SHARED : limits.max !== undefined ? LIMITS_MIN_MAX : LIMITS_MIN);
        w.u32(limits.min);
        if (limits.max !== undefined) w.u32(limits.max);
      }
      for (const imp of this.funcImports) {
        w.name(imp.module);
        w.name(imp.field);
        w.byte(EXTERN_FUNC);
        w.u32(imp.type);
      }
      w.endSized(at);
    }

    at = section(w, SEC_FUNCTION);
    w.u32(this.functions.length);
    for (const f of this.functions) w.u32(this.typeIndex(f.type));
    w.endSized(at);

    at = section(w, SEC_EXPORT);
    w.u32(this.exports.length);
    for (const e of this.exports) {
      w.name(e.name);
      w.byte(EXTERN_FUNC);
      w.u32(e.func);
    }
    w.endSized(at);

    at = section(w, SEC_CODE);
    w.u32(this.functions.length);
    for (const f of this.functions) f.encodeBody(w);
    w.endSized(at);

    if (names) {
      at = section(w, SEC_CUSTOM);
      w.name('name');
      w.byte(1); // subsection 1: function names
      const sub = w.beginSized();
      w.u32(this.functions.length);
      for (const f of this.functions) {
        w.u32(f.index);
        w.name(f.name);
      }
      w.endSized(sub);
      w.endSized(at);
    }
    const bytes = w.finish().slice();
    this.code = undefined;
    pool.push(code, w);
    return bytes;
  }
}

function section(w: ByteWriter, id: number): number {
  w.byte(id);
  return w.beginSized();
}
