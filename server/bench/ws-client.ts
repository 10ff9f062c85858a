// The bench's SDK clients connect with the `ws` package, the SDK's own WebSocket for Node, rather
// than Node's built-in WebSocket (undici), whose frame parsing took about a quarter of the bench's
// busy CPU at 2,000 players (a browser's native WebSocket costs a page next to nothing). With `ws`
// the bench used 39 % of a core instead of 44 %. The SDK picks its WebSocket when it loads: this
// module is imported before it.

delete (globalThis as { WebSocket?: unknown }).WebSocket;
