// Dev harness and bench page for the stage alone (no app, no server).
//   harness.html                      scripted handshake + data + teardown, looping
//   harness.html?t=4400               frozen (paused) at virtual time 4400 ms
//   &palette=colorblind &reduced=1 &me=server &view=diagram (or ladder) &last=ESTABLISHED>CLOSED:rst
//   harness.html?storm=1              200 flights at once, continuously
//   harness.html?bench=1              exposes window.__bench for client/bench/client.bench.ts

import {
  type FlightModel,
  isStageView,
  type LadderSegment,
  type LadderState,
  type Role,
  type StageHandle,
  type StageModel,
  type Transition,
  type TransitionCause,
} from "./model.ts";

/** A scripted flight: a FlightModel whose key the script gives it. */
type ScriptSeg = Omit<FlightModel, "key">;

const D = 600; // one-way delay, virtual ms
const seg = (
  from: Role,
  flags: string,
  seq: number,
  ack: number,
  len: number,
  sentAt: number,
  fate: FlightModel["fate"] = "delivered",
  arriveAt = sentAt + D,
): ScriptSeg => ({ from, flags, seq, ack, len, sentAt, arriveAt, fate });

/** A handshake, a lost and a delayed data segment, a duplicated ACK, and the four-way close. */
const SCRIPT: ScriptSeg[] = [
  seg("client", "S", 1000, 0, 0, 0),
  seg("server", "SA", 5000, 1001, 0, 600),
  seg("client", "A", 1001, 5001, 0, 1200),
  seg("client", "PA", 1001, 5001, 100, 1300, "lost"),
  seg("client", "PA", 1001, 5001, 100, 2100, "delayed", 3000),
  seg("server", "A", 5001, 1101, 0, 3000),
  seg("server", "A", 5001, 1101, 0, 3000, "duplicate", 3900),
  seg("client", "FA", 1101, 5001, 0, 4000),
  seg("server", "A", 5001, 1102, 0, 4600),
  seg("server", "FA", 5001, 1102, 0, 5400),
  seg("client", "A", 1102, 5002, 0, 6000),
];

const STATES: LadderState[] = [
  { role: "server", t: -1, state: "LISTEN" },
  { role: "client", t: 0, state: "SYN_SENT" },
  { role: "server", t: 600, state: "SYN_RECEIVED" },
  { role: "client", t: 1200, state: "ESTABLISHED" },
  { role: "server", t: 1800, state: "ESTABLISHED" },
  { role: "client", t: 4000, state: "FIN_WAIT_1" },
  { role: "server", t: 4600, state: "CLOSE_WAIT" },
  { role: "client", t: 5200, state: "FIN_WAIT_2" },
  { role: "server", t: 5400, state: "LAST_ACK" },
  { role: "client", t: 6000, state: "TIME_WAIT" },
  { role: "server", t: 6600, state: "CLOSED" },
  { role: "client", t: 14000, state: "CLOSED" },
];
const END = 15500;

const params = new URLSearchParams(location.search);

function scripted(t: number, base: Partial<StageModel>): StageModel {
  const flights: FlightModel[] = [];
  const segments: LadderSegment[] = [];
  SCRIPT.forEach((s, i) => {
    if (s.sentAt > t) return;
    const key = `${i + 1}.${s.fate === "duplicate" ? 1 : 0}`;
    if (t < s.arriveAt) flights.push({ key, ...s });
    segments.push({
      key,
      from: s.from,
      label: `${s.fate === "duplicate" ? "dup " : ""}${s.flags} seq=${s.seq} ack=${s.ack} len=${s.len}`,
      sentAt: s.sentAt,
      arriveAt: s.arriveAt,
      lost: s.fate === "lost",
    });
  });
  const states = STATES.filter((s) => s.t <= t);
  const stateOf = (role: Role): string => states.filter((s) => s.role === role).at(-1)?.state ?? "CLOSED";
  let lastTransition: Transition | null = null;
  const lastTransitionOf: Record<Role, Transition | null> = { client: null, server: null };
  for (const s of states) {
    if (s.t < 0) continue;
    const prev = states.filter((p) => p.role === s.role && p.t < s.t).at(-1)?.state ?? "CLOSED";
    lastTransition = { role: s.role, from: prev, to: s.state, at: s.t };
    lastTransitionOf[s.role] = lastTransition;
  }
  return {
    time: t,
    paused: false,
    me: null,
    hosts: {
      client: { ip: "10.0.0.1:49152", state: stateOf("client"), label: "Client" },
      server: { ip: "10.0.0.2:80", state: stateOf("server"), label: "Server" },
    },
    flights,
    ladder: { segments, states: states.map((s) => (s.t < 0 ? { ...s, t: 0 } : s)) },
    lastTransition,
    lastTransitionOf,
    reducedMotion: false,
    palette: "default",
    ...base,
  };
}

function options(): Partial<StageModel> {
  const me = params.get("me");
  const view = params.get("view");
  // last=ESTABLISHED>CLOSED:rst — highlight that transition (the client's), to look at its arrow.
  const last = /^([A-Z_0-9]+)>([A-Z_0-9]+)(?::(call|segment|rst|timer))?$/.exec(params.get("last") ?? "");
  const forced: Partial<StageModel> = last
    ? {
        lastTransition: {
          role: "client",
          from: last[1]!,
          to: last[2]!,
          at: 0,
          ...(last[3] ? { cause: last[3] as TransitionCause } : {}),
        },
      }
    : {};
  return {
    ...forced,
    view: isStageView(view) ? view : "all",
    palette: params.get("palette") === "colorblind" ? "colorblind" : "default",
    reducedMotion: params.get("reduced") === "1",
    me: me === "client" || me === "server" ? me : null,
  };
}

// ---- bench models ----------------------------------------------------------------------------

function emptyModel(t: number): StageModel {
  return {
    time: t,
    paused: false,
    me: null,
    hosts: {
      client: { ip: "10.0.0.1:49152", state: "CLOSED", label: "Client" },
      server: { ip: "10.0.0.2:80", state: "LISTEN", label: "Server" },
    },
    flights: [],
    ladder: { segments: [], states: [] },
    lastTransition: null,
    lastTransitionOf: { client: null, server: null },
    reducedMotion: false,
    palette: "default",
  };
}

const FATES: FlightModel["fate"][] = [
  "delivered",
  "delivered",
  "delivered",
  "lost",
  "duplicate",
  "delayed",
  "reordered",
];
const FLAGS = ["S", "SA", "A", "PA", "FA", "R", "A"];

/** 200 flights always in the air: each one is re-launched (new key) as it lands. */
class BusyNetwork {
  private flights: FlightModel[] = [];
  private n = 0;
  private seed = 12345;

  constructor(count: number, now: number) {
    for (let i = 0; i < count; i++) this.flights.push(this.launch(now - this.rand() * 3000));
  }

  private rand(): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed / 0x7fffffff;
  }

  private launch(at: number): FlightModel {
    const n = ++this.n;
    const fate = FATES[n % FATES.length]!;
    const dur = 2000 + this.rand() * 1500 + (fate === "delayed" || fate === "reordered" ? 800 : 0);
    return {
      key: `${n}.${fate === "duplicate" ? 1 : 0}`,
      from: n % 2 ? "client" : "server",
      flags: FLAGS[n % FLAGS.length]!,
      seq: 1000 + n * 100,
      ack: 5000 + n,
      len: n % 3 ? 0 : 100,
      sentAt: at,
      arriveAt: at + dur,
      fate,
    };
  }

  /** The model at `now`; a new flights array only when something landed. */
  step(now: number): FlightModel[] {
    let changed = false;
    for (let i = 0; i < this.flights.length; i++) {
      if (this.flights[i]!.arriveAt <= now) {
        this.flights[i] = this.launch(now);
        changed = true;
      }
    }
    if (changed) this.flights = [...this.flights];
    return this.flights;
  }
}

interface Bench {
  ready: Promise<void>;
  /** Shows the empty model or 200 flights, then counts frames for `ms`. */
  run(kind: "empty" | "busy", ms: number): Promise<{ fps: number; frames: number; worstMs: number }>;
}

async function main(): Promise<void> {
  const parent = document.getElementById("stage")!;
  const { mountStage } = await import("./index.ts");
  const stage: StageHandle = await mountStage(parent);
  const t0 = performance.now();

  if (params.get("bench") === "1") {
    let timer = 0;
    const bench: Bench = {
      ready: Promise.resolve(),
      async run(kind, ms) {
        clearInterval(timer);
        const net = new BusyNetwork(200, performance.now() - t0);
        const base = emptyModel(0);
        // Patches every 50 ms, as the room sends them.
        const patch = (): void => {
          const t = performance.now() - t0;
          stage.update(kind === "empty" ? { ...base, time: t } : { ...base, time: t, flights: net.step(t) });
        };
        patch();
        timer = window.setInterval(patch, 50);
        // Let it settle (text rasterised, pools filled), then count frames.
        await frames(60);
        let worst = 0;
        let last = performance.now();
        let count = 0;
        const start = last;
        await new Promise<void>((resolve) => {
          const tick = (now: number): void => {
            worst = Math.max(worst, now - last);
            last = now;
            count++;
            if (now - start < ms) requestAnimationFrame(tick);
            else resolve();
          };
          requestAnimationFrame(tick);
        });
        const elapsed = performance.now() - start;
        return { fps: (count * 1000) / elapsed, frames: count, worstMs: worst };
      },
    };
    (window as unknown as { __bench: Bench }).__bench = bench;
    return;
  }

  if (params.get("storm") === "1") {
    // 200 flights at once, as in the bench.
    const net = new BusyNetwork(200, 0);
    const base = { ...emptyModel(0), ...options() };
    const patch = (): void => {
      const t = performance.now() - t0;
      stage.update({ ...base, time: t, flights: net.step(t) });
    };
    patch();
    window.setInterval(patch, 50);
    (window as unknown as { __stageReady: boolean }).__stageReady = true;
    return;
  }

  const frozen = params.get("t");
  if (frozen !== null) {
    // Replay up to the frozen time, as patches would have arrived, then hold.
    const end = Number(frozen);
    for (let t = 0; t < end; t += 100) stage.update(scripted(t, options()));
    stage.update({ ...scripted(end, options()), paused: true });
    (window as unknown as { __stageReady: boolean }).__stageReady = true;
    return;
  }
  const speed = Number(params.get("speed") ?? "1");
  const tick = (): void => {
    const t = (((performance.now() - t0) * speed) % (END + 1000)) - 500;
    stage.update(scripted(t, options()));
  };
  tick();
  window.setInterval(tick, 50);
  (window as unknown as { __stageReady: boolean }).__stageReady = true;
}

function frames(n: number): Promise<void> {
  return new Promise((resolve) => {
    const step = (): void => {
      if (--n <= 0) resolve();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

void main();
