import type { FastifyInstance } from "fastify";
import view from "@fastify/view";
import nunjucks from "nunjucks";
import { MODERATION_FILTERS, MODERATION_GLOBALS, MODERATION_VIEWS } from "../moderation/pages.ts";
import { READER_VIEWS } from "../readers/pages.ts";

/**
 * The endpoint's pages render from its own templates (readers/views/, moderation/views/) through
 * @fastify/view and Nunjucks, which escapes every value: `reply.view("queue.njk", data)`.
 */
export async function registerViews(app: FastifyInstance): Promise<void> {
  await app.register(view, {
    engine: { nunjucks },
    templates: [READER_VIEWS, MODERATION_VIEWS],
    options: {
      onConfigure: (env: nunjucks.Environment) => {
        for (const [name, filter] of Object.entries(MODERATION_FILTERS)) env.addFilter(name, filter);
        for (const [name, value] of Object.entries(MODERATION_GLOBALS)) env.addGlobal(name, value);
      },
    },
  });
}
