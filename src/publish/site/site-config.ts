import { z } from "zod";

/** The `site:` section of firebreak.yaml: the static incident site's title and public address. */
export const siteSection = z
  .strictObject({
    title: z.string().min(1).default("Incident history"),
    /** No default: without it, the site's links are relative to the site root. */
    baseUrl: z
      .url({ message: "expected an absolute URL such as https://status.example.org/" })
      .optional(),
  })
  .prefault({});
