// Types of rose-cpp: rose 0.4.10's API (the same names and shapes, so code
// typed against `rose` type-checks unchanged) plus the built-in maths ops,
// multi-argument vjp, toString() and dispose().

declare const variable: unique symbol;
interface Var {
  readonly [variable]: number;
}
declare const zeroTan: unique symbol;
type Zero = typeof zeroTan;

/** Symbolic values inside a `fn` body. */
export type Null = null | Var;
export type Bool = boolean | Var;
export type Real = number | Var;
export type Tan = Zero | Var;
export type Nat = number | symbol;
interface VecIndex<T> {
  [K: Nat]: T;
}
interface VecIter<T> {
  [Symbol.iterator](): IterableIterator<T>;
}
export type Vec<T> = VecIndex<T> & VecIter<T>;

/** Type descriptors. A number n is the index type {0, ..., n-1}. */
export declare const Null: unique symbol;
export declare const Bool: unique symbol;
export declare const Real: unique symbol;
export declare const Tan: unique symbol;
export type Nulls = typeof Null;
export type Bools = typeof Bool;
export type Reals = typeof Real;
export type Tans = typeof Tan;
export type Nats = number;
declare const ind: unique symbol;
declare const elm: unique symbol;
export interface Vecs<K, V> {
  [ind]: K;
  [elm]: V;
}
export declare const Vec: <K, V>(index: K, elem: V) => Vecs<K, V>;
export declare const struct: <const T>(t: T) => T;
export declare const Dual: { readonly re: typeof Real; readonly du: typeof Tan };

export type Symbolic<T> = T extends Nulls ? Null : T extends Bools ? Bool : T extends Reals ? Real
  : T extends Tans ? Tan : T extends Nats ? Nat : T extends Vecs<any, infer V> ? Vec<Symbolic<V>>
  : { [K in keyof T]: Symbolic<T[K]> };
export type Value<T> = T extends Nulls ? Null : T extends Bools ? Bool : T extends Reals ? Real
  : T extends Tans ? Tan : T extends Nats ? Nat : T extends Vecs<any, infer V> ? Vec<Value<V>> | Value<V>[]
  : { [K in keyof T]: Value<T[K]> };
type SymbolicParams<T> = { [K in keyof T]: Symbolic<T[K]> };
type ValueParams<T> = { [K in keyof T]: Value<T[K]> };

/** A traced, host or derived function. Extensible: Penrose sets its own properties. */
export interface Fn {
  /** A custom forward derivative: a Fn from Duals to a Dual. */
  jvp?: Fn;
  /** The function and everything it calls, as printed IR. */
  toString(): string;
  /** Frees the engine function now (functions calling it keep it alive). */
  dispose(): void;
  [key: string]: any;
}

export declare const fn: <const P extends readonly any[], const R>(
  params: P, ret: R, f: (...args: SymbolicParams<P>) => Value<R>,
) => Fn & ((...args: ValueParams<P>) => Symbolic<R>);
export declare const opaque: <const P extends readonly (typeof Real)[], const R extends typeof Real>(
  params: P, ret: R, f: (...args: JsArgs<SymbolicParams<P>>) => ToJs<Value<R>>,
) => Fn & ((...args: ValueParams<P>) => Symbolic<R>);

type ToJs<T> = [T] extends [Null] ? null : [T] extends [Bool] ? boolean : [T] extends [Real] ? number
  : [T] extends [Nat] ? number : { [K in keyof T]: ToJs<T[K]> };
type JsArgs<T> = { [K in keyof T]: ToJs<T[K]> };

/** Runs f synchronously (the compiled code, instantiated synchronously). */
export declare const interp: <const A extends readonly any[], const R>(
  f: Fn & ((...args: A) => R),
) => (...args: JsArgs<A>) => ToJs<R>;
interface CompileOptions {
  /** Shared memory: grown if too small, reused by every function compiled with it. */
  memory?: WebAssembly.Memory;
}
/** Compiles f to WebAssembly. The result checks its arguments (TypeError, RangeError). */
export declare const compile: <const A extends readonly any[], const R>(
  f: Fn & ((...args: A) => R), opts?: CompileOptions,
) => Promise<(...args: JsArgs<A>) => ToJs<R>>;

type ToJvp<T> = [T] extends [Null] ? Null : [T] extends [Bool] ? Bool : [T] extends [Real] ? { re: Real; du: Real }
  : [T] extends [Nat] ? Nat : { [K in keyof T]: ToJvp<T[K]> };
type JvpArgs<T> = { [K in keyof T]: ToJvp<T[K]> };
export declare const jvp: <const A extends readonly any[], const R>(
  f: Fn & ((...args: A) => R),
) => Fn & ((...args: JvpArgs<A>) => ToJvp<R>);
/** Reverse mode. grad gives the gradient for one parameter, an array of them for several. */
export declare const vjp: {
  <const A, const R>(f: Fn & ((arg: A) => R)): (arg: A) => { ret: R; grad: (cot: R) => A };
  <const A extends readonly any[], const R>(f: Fn & ((...args: A) => R)): (...args: A) => {
    ret: R;
    grad: (cot: R) => A;
  };
};

export declare const not: (p: Bool) => Bool;
export declare const and: (p: Bool, q: Bool) => Bool;
export declare const or: (p: Bool, q: Bool) => Bool;
export declare const iff: (p: Bool, q: Bool) => Bool;
export declare const xor: (p: Bool, q: Bool) => Bool;
export declare const imod: (ty: Nats, i: Nat) => Nat;
export declare const iadd: (ty: Nats, i: Nat, j: Nat) => Nat;
export declare const ineq: (ty: Nats, i: Nat, j: Nat) => Bool;
export declare const ilt: (ty: Nats, i: Nat, j: Nat) => Bool;
export declare const ileq: (ty: Nats, i: Nat, j: Nat) => Bool;
export declare const ieq: (ty: Nats, i: Nat, j: Nat) => Bool;
export declare const igt: (ty: Nats, i: Nat, j: Nat) => Bool;
export declare const igeq: (ty: Nats, i: Nat, j: Nat) => Bool;
export declare const select: <const T>(cond: Bool, ty: T, then: Value<T>, els: Value<T>) => Symbolic<T>;

export declare const abs: (x: Real) => Real;
export declare const sign: (x: Real) => Real;
export declare const ceil: (x: Real) => Real;
export declare const floor: (x: Real) => Real;
export declare const trunc: (x: Real) => Real;
export declare const sqrt: (x: Real) => Real;
export declare const exp: (x: Real) => Real;
export declare const log: (x: Real) => Real;
export declare const sin: (x: Real) => Real;
export declare const cos: (x: Real) => Real;
export declare const tan: (x: Real) => Real;
export declare const tanh: (x: Real) => Real;
export declare const atan2: (y: Real, x: Real) => Real;
export declare const pow: (x: Real, y: Real) => Real;
export declare const min: (x: Real, y: Real) => Real;
export declare const max: (x: Real, y: Real) => Real;
export declare const neq: (x: Real, y: Real) => Bool;
export declare const lt: (x: Real, y: Real) => Bool;
export declare const leq: (x: Real, y: Real) => Bool;
export declare const eq: (x: Real, y: Real) => Bool;
export declare const gt: (x: Real, y: Real) => Bool;
export declare const geq: (x: Real, y: Real) => Bool;

export declare const vec: <const I, const T>(index: I, elem: T, f: (i: Symbolic<I>) => Value<T>) => Vec<Symbolic<T>>;
export declare const sum: <const I>(index: I, f: (i: Symbolic<I>) => Real) => Real;
export declare const zero: () => Tan;
export declare const neg: { (x: Real): Real; (x: Tan): Tan };
export declare const add: { (x: Real, y: Real): Real; (x: Tan, y: Tan): Tan };
export declare const sub: { (x: Real, y: Real): Real; (x: Tan, y: Tan): Tan };
export declare const mul: { (x: Real, y: Real): Real; (x: Tan, y: Real): Tan };
export declare const div: { (x: Real, y: Real): Real; (x: Tan, y: Real): Tan };

/** The number of engine functions alive (for leak checks). */
export declare const liveFunctions: () => number;
/** Bytes of memory the engine instance holds (for leak checks). */
export declare const engineMemory: () => number;
