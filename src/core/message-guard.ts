// Guards for what arrives on a message channel (trainer <-> host, host <-> panel, pool <->
// worker). A guard is built from a map with one key per message `type` of its union, so a
// message type added to the union without its key, or a key the union does not have, is a
// compile error rather than a guard that silently drops the new message.

/** Every `type` of the message union `Message`, once. Pass it as an object literal: TypeScript
 * rejects a missing key always, and an extra key only in a literal. */
export type MessageKinds<Message extends { type: string }> = { readonly [Type in Message['type']]: true };

/** True when `value` is one of the channel's messages, judged by its `type`. */
export type MessageGuard<Message extends { type: string }> = (value: unknown) => value is Message;

export function messageGuard<Message extends { type: string }>(kinds: MessageKinds<Message>): MessageGuard<Message> {
  // A Set of the keys, not `type in kinds`: that would accept 'toString' and the like.
  const types = new Set<unknown>(Object.keys(kinds));
  return (value: unknown): value is Message => typeof value === 'object' && value !== null && types.has((value as { type?: unknown }).type);
}

/** What a message that failed its guard was, for an error that names it. */
export function describeMessage(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? `a message of type '${type}'` : 'an object without a string `type`';
}
