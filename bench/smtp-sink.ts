// The rush bench's mail server: accepts every message over real SMTP and notes when it arrived and which template
// it was (the app's X-Anwesha-Template header). Nothing is parsed or kept beyond that, so counting 5,000 receipts
// costs this process next to nothing.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Arrival {
  at: number;
  template: string;
}

export interface SmtpSink {
  url: string;
  arrivals: Arrival[];
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        const template = /^X-Anwesha-Template:\s*(\S+)/im.exec(head)?.[1] ?? "";
        arrivals.push({ at: performance.now(), template });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
