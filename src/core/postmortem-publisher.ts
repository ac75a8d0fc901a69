import type { PostmortemModel } from "./postmortem-model.ts";
import type { SiteInput } from "./site-model.ts";

/**
 * Where postmortems live outside the database: the Markdown drafts people edit (in git), the
 * published Markdown, the template a draft is rendered from, and the public site built from what
 * is published. src/publish/ implements it on the file system; the postmortem workflow
 * (src/flows/) decides what goes where.
 */
export interface PostmortemPublisher {
  /** Where an incident's draft is, as told to people. */
  draftPath(number: number): string;
  /** Where an incident's published postmortem is, as told to people. */
  publishedPath(number: number): string;
  /** The public site's front page, as told to people. */
  siteIndex(): string;
  /**
   * Refuses (`postmortem_path_blocked`) when the drafts folder or the incident's draft is a
   * symlink or not a plain folder or file: such a path is never read, written or followed.
   */
  checkDraftPath(number: number): void;
  /** Refuses the published postmortem's path likewise. */
  checkPublishedPath(number: number): void;
  /** The draft as people left it; undefined when there is none. */
  readDraft(number: number): string | undefined;
  /** Writes the draft, creating its folder when needed. */
  writeDraft(number: number, markdown: string): void;
  /** The published postmortem; undefined when there is none or it is not a plain file. */
  readPublished(number: number): string | undefined;
  /** Writes the published postmortem, creating its folder when needed. */
  writePublished(number: number, markdown: string): void;
  /** A draft's Markdown from the operator's postmortem template (or the bundled one). */
  render(model: PostmortemModel): Promise<string>;
  /** Builds the public site into `outDir` (default: the publish folder); returns its files. */
  buildSite(input: SiteInput, outDir?: string): { files: string[] };
}
