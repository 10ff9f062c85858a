// Engine benchmark (not a test): how many complete TCP lifecycles per second the reference engine
// simulates, against the kernel doing the same over 127.0.0.1, and how much heap an idle
// ESTABLISHED connection costs the engine. Run with `npm run bench:engine` (needs --expose-gc).
// The very last line printed is `ratio: X` (engine lifecycles/s divided by kernel lifecycles/s).

import { once } from "node:events";
import * as net from "node:net";
import { Host } from "../src/host/host.ts";
import type { Reaction, TimerKind } from "../src/tcp/connection.ts";
import type { Segment } from "../src/tcp/segment.ts";
import type { TcpState } from "../src/tcp/state.ts";

const CLIENT_IP = "10.0.0.1";
const SERVER_IP = "10.0.0.2";
const SERVER_PORT = 80;
const PAYLOAD_BYTES = 1024;
/** Virtual time one segment takes from one host to the other. */
const HOP_MS = 1;
const WARMUP_MS = 1000;
const MEASURE_MS = 3000;
const HEAP_CONNECTIONS = 10_000;
/**
 * By default every simulated lifecycle starts its virtual clock at 0, as a match does (both
 * hosts hold nothing by then). With --continuous-clock one clock runs across all lifecycles:
 * at 60 s of TIME_WAIT each it passes 2^31 ms (24.8 virtual days, where V8's small integers
 * end and timestamps become heap doubles) after ~35,800 lifecycles, i.e. during the run.
 */
const CONTINUOUS_CLOCK = process.argv.includes("--continuous-clock");
const HEAP_GOAL_BYTES = 2048;
const RATIO_GOAL = 10;

const gc = (globalThis as { gc?: () => void }).gc;
if (typeof gc !== "function") {
  process.stderr.write(
    "engine.bench: global.gc is not available. Run it as `npm run bench:engine`\n" +
      "(or `node --expose-gc shared/bench/engine.bench.ts`).\n",
  );
  process.exit(1);
}

class BenchFailure extends Error {}

function fail(message: string): never {
  throw new BenchFailure(message);
}

// ---------------------------------------------------------------------------------------------
// Deterministic inputs: ISNs from a 32-bit LCG (wrap-around included), ports from a counter.

function isnSource(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    return x;
  };
}

/** Linux's ephemeral range, 32768–60999, handed out in turn: each lifecycle gets a fresh port. */
function portSource(): () => number {
  let next = 32768;
  return () => {
    const port = next;
    next = next === 60999 ? 32768 : next + 1;
    return port;
  };
}

function makeHosts(): { client: Host; server: Host; listenFd: number } {
  const client = new Host({ ip: CLIENT_IP, isn: isnSource(1), ephemeralPort: portSource() });
  const server = new Host({ ip: SERVER_IP, isn: isnSource(2), ephemeralPort: portSource() });
  const listenFd = server.socket();
  const bound = server.bind(listenFd, SERVER_PORT);
  if (bound.error) fail(`server bind(${SERVER_PORT}): ${bound.error}`);
  const listening = server.listen(listenFd);
  if (listening.error) fail(`server listen(): ${listening.error}`);
  return { client, server, listenFd };
}

// ---------------------------------------------------------------------------------------------
// 1. Simulated lifecycles: two hosts wired back to back, FIFO, no loss.

const CLIENT_STATES: readonly TcpState[] = [
  "SYN_SENT",
  "ESTABLISHED",
  "FIN_WAIT_1",
  "FIN_WAIT_2",
  "TIME_WAIT",
  "CLOSED",
];
const SERVER_STATES: readonly TcpState[] = [
  "SYN_RECEIVED",
  "ESTABLISHED",
  "CLOSE_WAIT",
  "LAST_ACK",
  "CLOSED",
];

class Wire {
  readonly client: Host;
  readonly server: Host;
  now = 0;
  /** Segments in flight, oldest first (from `head` on), and the host each one goes to. */
  private readonly queue: Segment[] = [];
  private readonly queueTo: Host[] = [];
  private head = 0;
  /** Index into CLIENT_STATES / SERVER_STATES of the next transition each side must make. */
  clientStep = 0;
  serverStep = 0;

  constructor(client: Host, server: Host) {
    this.client = client;
    this.server = server;
  }

  /** A reaction of `from`: check it, record its transitions, put what it sent on the wire. */
  take(from: Host, r: Reaction, what: string): void {
    if (r.error) fail(`${what} on ${from.ip}: ${r.error}`);
    for (const t of r.transitions) this.expect(from, t.to, what);
    const to = from === this.client ? this.server : this.client;
    for (const seg of r.sent) {
      this.queue.push(seg);
      this.queueTo.push(to);
    }
  }

  /** Deliver every segment in flight (and whatever they provoke) in order. */
  drain(): void {
    while (this.head < this.queue.length) {
      const seg = this.queue[this.head] as Segment;
      const to = this.queueTo[this.head] as Host;
      this.head++;
      this.now += HOP_MS;
      this.take(to, to.onSegmentArrives(seg, this.now), "segment arrival");
    }
    this.queue.length = 0;
    this.queueTo.length = 0;
    this.head = 0;
  }

  private expect(host: Host, state: TcpState, what: string): void {
    if (host === this.client) {
      const want = CLIENT_STATES[this.clientStep++];
      if (state !== want) fail(`client entered ${state} (expected ${want}) after ${what}`);
    } else {
      const want = SERVER_STATES[this.serverStep++];
      if (state !== want) fail(`server entered ${state} (expected ${want}) after ${what}`);
    }
  }
}

function makePayload(fill: number): Uint8Array {
  const p = new Uint8Array(PAYLOAD_BYTES);
  for (let i = 0; i < p.length; i++) p[i] = (fill + i) & 0xff;
  return p;
}

const CLIENT_PAYLOAD = makePayload(0x11);
const SERVER_PAYLOAD = makePayload(0x77);

function checkRead(host: Host, fd: number, expected: Uint8Array, who: string): void {
  const { data, error } = host.read(fd);
  if (error) fail(`${who} read: ${error}`);
  if (data.length !== expected.length) fail(`${who} read ${data.length} bytes, expected ${expected.length}`);
  if (data[0] !== expected[0] || data[data.length - 1] !== expected[expected.length - 1])
    fail(`${who} read the wrong bytes`);
}

function stateOfFd(host: Host, fd: number): TcpState | "none" {
  return host.connectionOf(fd)?.state ?? "none";
}

/**
 * One lifecycle: connect, handshake, 1 KB each way, client closes first, server closes on EOF,
 * final ACK, the client's TIME_WAIT expires. Throws if any step does not happen as it should.
 */
function lifecycle(w: Wire, listenFd: number): void {
  const { client, server } = w;
  if (!CONTINUOUS_CLOCK) w.now = 0;
  w.clientStep = 0;
  w.serverStep = 0;

  // connect() and the three-way handshake.
  const cfd = client.socket();
  w.take(client, client.connect(cfd, SERVER_IP, SERVER_PORT, w.now), "connect()");
  w.drain();
  if (stateOfFd(client, cfd) !== "ESTABLISHED") fail(`client is ${stateOfFd(client, cfd)} after handshake`);
  const sfd = server.accept(listenFd);
  if (sfd === undefined) fail("accept() found no connection after the handshake");
  if (stateOfFd(server, sfd) !== "ESTABLISHED") fail(`server is ${stateOfFd(server, sfd)} after accept()`);

  // 1 KB client → server, then 1 KB server → client.
  w.take(client, client.send(cfd, CLIENT_PAYLOAD, w.now), "client send()");
  w.drain();
  checkRead(server, sfd, CLIENT_PAYLOAD, "server");
  w.take(server, server.send(sfd, SERVER_PAYLOAD, w.now), "server send()");
  w.drain();
  checkRead(client, cfd, SERVER_PAYLOAD, "client");

  // Active close by the client; the server sees EOF and closes too.
  w.take(client, client.close(cfd, w.now), "client close()");
  w.drain();
  const sconn = server.connectionOf(sfd);
  if (sconn?.state !== "CLOSE_WAIT" || !sconn.finReceived) fail("server did not see EOF");
  if (server.read(sfd).data.length !== 0) fail("server read data after EOF");
  w.take(server, server.close(sfd, w.now), "server close()");
  w.drain();

  // The client waits out TIME_WAIT (2*MSL of virtual time).
  const timer = client.nextTimer();
  if (!timer || timer.kind !== ("time_wait" satisfies TimerKind) || timer.conn.state !== "TIME_WAIT")
    fail(`client has no TIME_WAIT timer (next timer: ${timer?.kind ?? "none"})`);
  w.now = timer.at;
  const fired = client.tick(w.now);
  if (fired.length !== 1) fail(`client tick fired ${fired.length} timers, expected 1`);
  for (const f of fired) w.take(client, f.reaction, `${f.kind} timer`);
  w.drain();

  if (w.clientStep !== CLIENT_STATES.length) fail(`client stopped after ${w.clientStep} transitions`);
  if (w.serverStep !== SERVER_STATES.length) fail(`server stopped after ${w.serverStep} transitions`);
  if (client.connections().length !== 0) fail("client still holds connections after TIME_WAIT");
  if (server.connections().length !== 0) fail("server still holds connections after close");
}

function runFor(ms: number, body: () => void): { count: number; elapsedMs: number } {
  const start = performance.now();
  const end = start + ms;
  let count = 0;
  let now = start;
  while (now < end) {
    body();
    count++;
    now = performance.now();
  }
  return { count, elapsedMs: now - start };
}

function benchEngine(): number {
  const { client, server, listenFd } = makeHosts();
  const wire = new Wire(client, server);
  const life = () => lifecycle(wire, listenFd);
  runFor(WARMUP_MS, life);
  const { count, elapsedMs } = runFor(MEASURE_MS, life);
  return (count * 1000) / elapsedMs;
}

// ---------------------------------------------------------------------------------------------
// 2. Kernel lifecycles: node:net over 127.0.0.1, one connection at a time.

async function startServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (sock) => {
    let got = 0;
    sock.on("data", (chunk: Buffer) => {
      got += chunk.length;
      if (got === PAYLOAD_BYTES) sock.write(SERVER_PAYLOAD);
      else if (got > PAYLOAD_BYTES) sock.destroy(new Error(`server got ${got} bytes`));
    });
    // The client ended first: answer EOF with our own FIN.
    sock.on("end", () => {
      if (got !== PAYLOAD_BYTES) sock.destroy(new Error(`server got ${got} bytes before EOF`));
      else sock.end();
    });
    sock.on("error", (err) => server.emit("error", err));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (!address || typeof address === "string") fail("server has no TCP address");
  return { server, port: address.port };
}

function kernelLifecycle(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let closes = 0;
    const closed = () => {
      if (++closes === 2) {
        server.removeListener("connection", onConnection);
        resolve();
      }
    };
    const onConnection = (sock: net.Socket) => sock.once("close", closed);
    server.on("connection", onConnection);

    const sock = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true, noDelay: true });
    let got = 0;
    sock.on("connect", () => sock.write(CLIENT_PAYLOAD));
    sock.on("data", (chunk: Buffer) => {
      got += chunk.length;
      // Active close: the client ends first once it has the server's kilobyte.
      if (got === PAYLOAD_BYTES) sock.end();
      else if (got > PAYLOAD_BYTES) sock.destroy(new Error(`client got ${got} bytes`));
    });
    sock.on("end", () => {
      if (got !== PAYLOAD_BYTES) sock.destroy(new Error(`client got ${got} bytes before EOF`));
    });
    sock.on("error", reject);
    sock.on("close", (hadError) => {
      if (hadError) return;
      closed();
    });
  });
}

async function runForAsync(
  ms: number,
  body: () => Promise<void>,
): Promise<{ count: number; elapsedMs: number }> {
  const start = performance.now();
  const end = start + ms;
  let count = 0;
  let now = start;
  while (now < end) {
    await body();
    count++;
    now = performance.now();
  }
  return { count, elapsedMs: now - start };
}

async function benchKernel(): Promise<number> {
  const { server, port } = await startServer();
  let serverError: unknown;
  server.on("error", (err) => {
    serverError = err;
  });
  const life = async () => {
    await kernelLifecycle(server, port);
    if (serverError) throw serverError;
  };
  try {
    await runForAsync(WARMUP_MS, life);
    const { count, elapsedMs } = await runForAsync(MEASURE_MS, life);
    return (count * 1000) / elapsedMs;
  } finally {
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Heap per idle ESTABLISHED connection.

/** Open `cfds.length` connections to the listener, complete each handshake and accept it. */
function openIdle(wire: Wire, listenFd: number, cfds: number[], sfds: number[]): void {
  const { client, server } = wire;
  for (let i = 0; i < cfds.length; i++) {
    wire.clientStep = 0;
    wire.serverStep = 0;
    const cfd = client.socket();
    wire.take(client, client.connect(cfd, SERVER_IP, SERVER_PORT, wire.now), "connect()");
    wire.drain();
    const sfd = server.accept(listenFd);
    if (sfd === undefined) fail(`connection ${i}: accept() found nothing`);
    if (stateOfFd(client, cfd) !== "ESTABLISHED" || stateOfFd(server, sfd) !== "ESTABLISHED")
      fail(`connection ${i}: not ESTABLISHED after the handshake`);
    cfds[i] = cfd;
    sfds[i] = sfd;
  }
}

function settledHeap(): number {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

function benchHeap(): { perPair: number; perEndpoint: number } {
  // Warm up the code paths (and let the JIT settle) on hosts that are thrown away.
  {
    const warm = makeHosts();
    openIdle(
      new Wire(warm.client, warm.server),
      warm.listenFd,
      new Array(1000).fill(0),
      new Array(1000).fill(0),
    );
  }
  // Everything the bench itself needs is allocated before the first measurement, so only
  // what the engine keeps per connection lands between the two.
  const hosts = makeHosts();
  const wire = new Wire(hosts.client, hosts.server);
  const cfds: number[] = new Array(HEAP_CONNECTIONS).fill(0);
  const sfds: number[] = new Array(HEAP_CONNECTIONS).fill(0);
  const before = settledHeap();
  openIdle(wire, hosts.listenFd, cfds, sfds);
  const after = settledHeap();
  // Keep everything alive until after the measurement, and check it is what we think it is.
  if (hosts.client.connections().length !== HEAP_CONNECTIONS)
    fail("heap bench: client connections went missing");
  if (hosts.server.connections().length !== HEAP_CONNECTIONS)
    fail("heap bench: server connections went missing");
  for (const [host, fds] of [
    [hosts.client, cfds],
    [hosts.server, sfds],
  ] as const) {
    for (const fd of fds)
      if (stateOfFd(host, fd) !== "ESTABLISHED") fail("heap bench: a connection is not ESTABLISHED");
  }
  const perPair = (after - before) / HEAP_CONNECTIONS;
  return { perPair, perEndpoint: perPair / 2 };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const engine = benchEngine();
  console.log(
    `engine: ${Math.round(engine)} lifecycles/s (simulated: handshake, 1 KB each way, teardown, TIME_WAIT expiry` +
      `${CONTINUOUS_CLOCK ? "; one virtual clock across all lifecycles" : ""})`,
  );
  const kernel = await benchKernel();
  console.log(
    `kernel: ${Math.round(kernel)} lifecycles/s (node:net over 127.0.0.1; ` +
      "its TIME_WAIT cannot be waited out and is left to the kernel)",
  );
  const heap = benchHeap();
  const ok = heap.perEndpoint <= HEAP_GOAL_BYTES;
  console.log(
    `heap per idle ESTABLISHED connection (engine): ${Math.round(heap.perEndpoint)} bytes ` +
      `(goal <= ${HEAP_GOAL_BYTES}${ok ? "" : ", MISSED"}); ` +
      `${Math.round(heap.perPair)} bytes per client+server pair, N=${HEAP_CONNECTIONS}`,
  );
  const ratio = engine / kernel;
  if (ratio < RATIO_GOAL) console.log(`note: ratio below the goal of ${RATIO_GOAL}`);
  console.log(`ratio: ${ratio.toFixed(2)}`);
}

main().then(
  () => {
    // Everything is closed, so the process ends by itself; should a stray handle linger, this
    // (unreferenced) timer ends it anyway.
    setTimeout(() => process.exit(0), 2000).unref();
  },
  (err: unknown) => {
    process.stderr.write(
      `engine.bench failed: ${err instanceof BenchFailure ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  },
);
