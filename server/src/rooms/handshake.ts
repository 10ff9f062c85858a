// One schema handshake for every match room.
//
// A joining client first receives the state's reflection (every type and field). Colyseus
// encodes it once per room, on the first join: a fresh Reflection schema and an Encoder, about
// 70 KB of garbage per room, a twelfth of all the server allocated in bench:server. Every match
// room has the same state type, so the bytes are the same (handshake.test.ts checks it): the first
// room's are kept and handed to the others.

let shared: Uint8Array | undefined;

interface SerializerInternals {
  handshakeCache?: Uint8Array;
  handshake?: () => Uint8Array;
}

/** Call once the room's state is set. Does nothing if the serializer is not the expected one. */
export function shareHandshake(room: object): void {
  const serializer = (room as { _serializer?: SerializerInternals })._serializer;
  if (!serializer || typeof serializer.handshake !== "function") return;
  if (shared) serializer.handshakeCache = shared;
  else shared = serializer.handshake();
}
