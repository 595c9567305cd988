import type { FastifyInstance, FastifyServerOptions } from "fastify";
import type { LogConfig } from "./config.ts";

/** Requests are logged without the client address: readers' IPs are not kept, not even in logs. */
const serializers = {
  req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }),
};

/** Fastify's logger options for a log configuration. */
export function loggerOptions(
  log: LogConfig,
  stream?: { write(line: string): void },
): Pick<FastifyServerOptions, "logger"> {
  const to = stream ? { stream } : {};
  switch (log.level) {
    case "off":
      return { logger: false };
    case "requests":
      return { logger: { level: "info", serializers, ...to } };
    case "problems":
      // Errors are logged by Fastify at "error"; its per-request lines are "info", below the level,
      // so pino drops them before formatting. The hook below logs the slow requests.
      return { logger: { level: "warn", serializers, ...to } };
  }
}

/** With "problems", a request slower than the threshold is logged with its time, as a warning. */
export function logSlowRequests(app: FastifyInstance, log: LogConfig): void {
  if (log.level !== "problems") return;
  app.addHook("onResponse", async (request, reply) => {
    if (reply.elapsedTime >= log.slowMs)
      request.log.warn(
        { method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        "yêu cầu chậm",
      );
  });
}
