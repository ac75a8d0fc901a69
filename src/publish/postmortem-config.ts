import { z } from "zod";

/** The `postmortem:` section of firebreak.yaml: how drafts are checked before they are published. */
export const postmortemSection = z
  .strictObject({
    /** Phrases the blameless check also flags, and phrases it never flags. */
    blamelessExtra: z.array(z.string().min(1)).default([]),
    blamelessAllow: z.array(z.string().min(1)).default([]),
    /** A gap this long in an open incident's timeline is worth a question. */
    silenceMinutes: z.number().int().min(1).default(30),
  })
  .prefault({});
