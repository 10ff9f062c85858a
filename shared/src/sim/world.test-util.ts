// Test set-ups for a World: the server (side b) listening on port 80, the client (side a) connecting.
import type { World } from "./world.ts";

/** Side b: socket, bind(80), listen. Returns the listening fd. */
export function serverListens(w: World, port = 80): number {
  const lfd = w.call("b", { op: "socket" }).result as number;
  w.call("b", { op: "bind", fd: lfd, port });
  w.call("b", { op: "listen", fd: lfd });
  return lfd;
}

/** Side a: socket, connect(port). Returns the client's fd. */
export function clientConnects(w: World, port = 80): number {
  const cfd = w.call("a", { op: "socket" }).result as number;
  w.call("a", { op: "connect", fd: cfd, port });
  return cfd;
}
