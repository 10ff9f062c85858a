// A seat's StateView, and the match room's serializer, without the garbage they make per patch.
//
// @colyseus/schema clears every view's `changes` map after each patch (Encoder.encodeView), and
// Colyseus clears the serializer's `encodedViews` map after each patch (SchemaSerializer). V8's
// Map.prototype.clear allocates a fresh table even for an empty map: one table per client and
// one per room for every patch, each living until the next patch of that room, so most of them
// outlive a young-generation collection and are copied by it. A seat's view holds changes only
// when a pending decision is added or removed, and a room has at most two views.

import { StateView } from "@colyseus/schema";

/** A Map whose clear() does nothing when it is already empty (no new table). */
class ClearedWhenUsed<K, V> extends Map<K, V> {
  override clear(): void {
    if (this.size > 0) super.clear();
  }
}

/** A new StateView for one seat. */
export function seatView(): StateView {
  const view = new StateView();
  (view as unknown as { changes: Map<unknown, unknown> }).changes = new ClearedWhenUsed();
  return view;
}

/**
 * The few views of one room, each with its encoded patch: get/set/clear as a Map, in two
 * arrays that clear() empties in place.
 */
export class FewViews<K, V> {
  private readonly keys: (K | undefined)[] = [];
  private readonly values: (V | undefined)[] = [];
  private count = 0;

  get(key: K): V | undefined {
    for (let i = 0; i < this.count; i++) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }

  set(key: K, value: V): this {
    for (let i = 0; i < this.count; i++)
      if (this.keys[i] === key) {
        this.values[i] = value;
        return this;
      }
    this.keys[this.count] = key;
    this.values[this.count] = value;
    this.count++;
    return this;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) {
      this.keys[i] = undefined;
      this.values[i] = undefined;
    }
    this.count = 0;
  }
}

/** Give a room's serializer a FewViews for its encodedViews (after the state is set). */
export function fewViewsFor(room: object): void {
  const serializer = (room as { _serializer?: { encodedViews?: unknown } })._serializer;
  if (serializer?.encodedViews instanceof Map) serializer.encodedViews = new FewViews();
}
