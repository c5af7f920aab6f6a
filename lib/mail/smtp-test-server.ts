// A real SMTP server for tests (smtp-server), on one of this workspace's test ports, with a switch for how it
// behaves: accept, refuse for good (550), refuse for now (451), or drop the connection mid-message.
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type SmtpMode = "accept" | "refuse" | "defer" | "drop";

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ParsedMail[];
  mode: SmtpMode;
  /** Stops listening: connections are refused, as with a server that is down. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const PORTS = Array.from({ length: 11 }, (_, i) => 2525 + i);

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    port: 0,
    url: "",
    received: [],
    mode: "accept",
    stop: async () => {},
    start: async () => {},
  };
  let server: SMTPServer | null = null;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        if (state.mode === "drop") {
          // Hang up halfway through the message body, as a crashing server or a cut link would.
          stream.once("data", () => {
            const connections = (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
            for (const c of connections) if (c.id === session.id) c._socket.destroy();
          });
          stream.resume();
          return;
        }
        if (state.mode === "refuse" || state.mode === "defer") {
          stream.resume();
          stream.on("end", () => {
            const err = Object.assign(new Error(state.mode === "refuse" ? "5.1.1 mailbox unavailable" : "4.3.0 try again later"), {
              responseCode: state.mode === "refuse" ? 550 : 451,
            });
            callback(err);
          });
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            state.received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  state.start = () => listen(state.port);
  state.stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  for (const port of PORTS) {
    try {
      await listen(port);
      state.port = port;
      state.url = `smtp://127.0.0.1:${port}`;
      return state;
    } catch (error) {
      if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
    }
  }
  throw new Error("no free SMTP test port in 2525–2535");
}
