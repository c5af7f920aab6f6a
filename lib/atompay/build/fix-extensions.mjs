// Node's ES module loader wants full file names in relative imports ("./errors.js"); the sources leave the
// extension off so the same files also serve bundlers and the TypeScript app. Add ".js" after compiling.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const RELATIVE = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+?)(["'])/g;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".js") || name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8");
      const fixed = text.replace(RELATIVE, (all, head, spec, tail) => (/\.(js|json)$/.test(spec) ? all : `${head}${spec}.js${tail}`));
      if (fixed !== text) writeFileSync(path, fixed);
    }
  }
}

walk(process.argv[2] ?? "dist");
