import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FirebreakError } from "../core/firebreak-error.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { PostmortemPublisher } from "../core/postmortem-publisher.ts";
import { writeTextFile } from "./generate-postmortem.ts";
import { renderPostmortem } from "./render-postmortem.ts";
import { buildSite } from "./site/build-site.ts";

/** The folders postmortems use (the configuration's, as plain values). */
export interface PostmortemFolders {
  readonly postmortemsDir: string;
  readonly publishDir: string;
  readonly templatesDir: string;
}

/**
 * Postmortems on the file system: drafts in <postmortems>/drafts/INC-<n>.md, published ones in
 * <postmortems>/INC-<n>.md, the site in the publish folder.
 */
export function createPostmortemFiles(folders: PostmortemFolders): PostmortemPublisher {
  const draftsDir = join(folders.postmortemsDir, "drafts");
  const draftPath = (number: number) => join(draftsDir, `${formatIncidentRef(number)}.md`);
  const publishedPath = (number: number) =>
    join(folders.postmortemsDir, `${formatIncidentRef(number)}.md`);
  const readIfThere = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

  /**
   * The postmortems folder is one people commit to, and git keeps symlinks: a link at a draft, a
   * published file or the drafts folder would make Firebreak copy any file it can read into a
   * draft and onto the public site, or overwrite it. Such a path is refused, never followed.
   */
  const assertNotLinked = (path: string, kind: "file" | "folder") => {
    if (!isNotPlain(path, kind)) return;
    throw new FirebreakError(
      "postmortem_path_blocked",
      `${path} is a symlink (or not a plain ${kind}): Firebreak does not read or write a postmortem through it. Replace it with a plain ${kind}.`,
    );
  };

  return {
    draftPath,
    publishedPath,
    siteIndex: () => join(folders.publishDir, "index.html"),
    checkDraftPath(number) {
      assertNotLinked(draftsDir, "folder");
      assertNotLinked(draftPath(number), "file");
    },
    checkPublishedPath: (number) => assertNotLinked(publishedPath(number), "file"),
    readDraft: (number) => readIfThere(draftPath(number)),
    writeDraft: (number, markdown) => writeTextFile(draftPath(number), markdown),
    readPublished(number) {
      const path = publishedPath(number);
      // A published file swapped for a link is left out rather than followed.
      return isNotPlain(path, "file") ? undefined : readIfThere(path);
    },
    writePublished: (number, markdown) => writeTextFile(publishedPath(number), markdown),
    render: (model) => renderPostmortem(model, folders.templatesDir),
    buildSite: (input, outDir = folders.publishDir) => buildSite(input, outDir),
  };
}

/** Whether the path exists as something other than a plain file or folder (a symlink, say). */
function isNotPlain(path: string, kind: "file" | "folder"): boolean {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch {
    return false; // not there yet: Firebreak creates it
  }
  return kind === "file" ? !stats.isFile() : !stats.isDirectory();
}
