// Globals that Node 20 and every browser provide but the ECMAScript lib does not declare.
// The core compiles against ECMAScript alone; each global it may use beyond it is listed
// here, on purpose, after checking both platforms have it.

/** HTML structured clone (Node >= 17, all browsers). */
declare function structuredClone<T>(value: T): T;

/** UTF-8 text to bytes and back (Node >= 11, all browsers): results-codec.ts. */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  decode(input?: Uint8Array): string;
}
