/**
 * Where the project's own files are, whether the code runs from `src/` (tsx) or `dist/src/` (built).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || dir.endsWith("/dist")) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("project root (package.json) not found");
    dir = parent;
  }
  return dir;
}

const root = findRoot();

/** A path inside the project (the folder holding package.json). */
export function projectPath(...parts: string[]): string {
  return join(root, ...parts);
}
