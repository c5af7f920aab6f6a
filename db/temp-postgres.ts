// A throwaway PostgreSQL server for fault tests: initdb in a temporary folder with the machine's own binaries,
// its own port on 127.0.0.1, trust auth, and stop/start on demand, so a test can take the database away and
// bring it back without touching the shared server. As root, initdb refuses to run, so the binaries run as
// the `postgres` OS user (runuser) in a folder handed to that user.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const REQUIRED = ["initdb", "pg_ctl", "postgres"] as const;

export interface TempPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly binDir: string;
  running(): boolean;
  /** Starts the server (resolves when it accepts connections). */
  start(): Promise<void>;
  /** Stops it. "fast" disconnects clients cleanly; "immediate" is a crash (recovery on next start). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Stops the server if needed and deletes the folder. Safe to call twice. */
  destroy(): void;
  /** The server's log, for failure messages. */
  logTail(lines?: number): string;
}

/**
 * The folder holding initdb, pg_ctl and postgres: PG_BIN if set, else the newest /usr/lib/postgresql/<v>/bin,
 * else null (then fault tests skip and say why).
 */
export function findPostgresBinaries(): string | null {
  const complete = (dir: string) => REQUIRED.every((b) => existsSync(path.join(dir, b)));
  const fromEnv = process.env.PG_BIN?.trim();
  if (fromEnv) return complete(fromEnv) ? fromEnv : null;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = path.join(root, v, "bin");
    if (complete(dir)) return dir;
  }
  return null;
}

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function osUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
  return { uid, gid };
}

export async function startTempPostgres(opts: { binDir?: string; port?: number } = {}): Promise<TempPostgres> {
  const binDir = opts.binDir ?? findPostgresBinaries();
  if (!binDir) throw new Error("no PostgreSQL binaries (initdb, pg_ctl, postgres) found; set PG_BIN");
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), "anw-pg-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const asRoot = isRoot();
  if (asRoot) {
    const { uid, gid } = osUser("postgres");
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }

  const command = (bin: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", path.join(binDir, bin), ...args]] : [path.join(binDir, bin), args];
  // Synchronous: for setup and for cleanup at exit.
  const run = (bin: string, args: string[], allowFail = false) => {
    const [cmd, argv] = command(bin, args);
    const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 60_000, cwd: dir });
    if (!allowFail && r.status !== 0) {
      throw new Error(`${bin} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stderr || r.stdout}\n${tail(logFile, 20)}`);
    }
  };
  // Asynchronous: while the server stops or starts, the test's event loop keeps running, as an app's would.
  const runAsync = (bin: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [cmd, argv] = command(bin, args);
      execFile(cmd, argv, { encoding: "utf8", timeout: 60_000, cwd: dir }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${bin} ${args.join(" ")} failed: ${error.message}\n${stderr || stdout}\n${tail(logFile, 20)}`));
        else resolve();
      });
    });

  run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  // Only 127.0.0.1 and a private socket folder. No fsync (the machine does not crash, only the server does), but
  // synchronous_commit stays on: an "immediate" stop must not lose commits the app was told about.
  const serverOptions = [
    `-p ${port}`,
    "-h 127.0.0.1",
    `-k ${dir}`,
    "-c fsync=off",
    "-c full_page_writes=off",
    "-c max_connections=60",
  ].join(" ");

  let up = false;
  const handle: TempPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    binDir,
    running: () => up,
    async start() {
      if (up) return;
      await runAsync("pg_ctl", ["-D", dataDir, "-o", serverOptions, "-l", logFile, "-w", "-t", "60", "start"]);
      up = true;
    },
    async stop(mode = "fast") {
      if (!up) return;
      await runAsync("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
      up = false;
    },
    destroy() {
      if (existsSync(path.join(dataDir, "postmaster.pid")))
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"], true);
      up = false;
      rmSync(dir, { recursive: true, force: true });
      process.removeListener("exit", onExit);
    },
    logTail: (lines = 30) => tail(logFile, lines),
  };
  // If the test process dies without afterAll, do not leave a postmaster behind.
  const onExit = () => {
    if (existsSync(path.join(dataDir, "postmaster.pid"))) run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "10", "stop"], true);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", onExit);
  try {
    await handle.start();
  } catch (error) {
    handle.destroy();
    throw error;
  }
  return handle;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
