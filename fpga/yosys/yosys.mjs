// SPDX-License-Identifier: Apache-2.0
// node yosys.mjs ARG...: Yosys 0.55 (@yowasp/yosys, WebAssembly) with the command line of
// the native tool. WebAssembly sees only the files it is given: the directories in
// $YOSYS_DIRS (absolute, colon-separated; node_modules skipped) are mounted at their own
// paths, and every file Yosys writes under them is written back to disk.
import { runYosys } from '@yowasp/yosys';
import fs from 'node:fs';
import path from 'node:path';

const dirs = (process.env.YOSYS_DIRS ?? '').split(':').filter(Boolean);
for (const d of dirs) {
  if (!path.isAbsolute(d) || !fs.statSync(d, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`yosys.mjs: YOSYS_DIRS entry '${d}' is not an absolute directory`);
    process.exit(2);
  }
}

function load(dir) {
  const tree = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') tree[e.name] = load(p);
    else if (e.isFile()) tree[e.name] = fs.readFileSync(p);
  }
  return tree;
}

function subtree(tree, dir) {
  for (const part of dir.split('/').filter(Boolean)) {
    if (tree === undefined) return undefined;
    tree = tree[part];
  }
  return tree;
}

// Writes what changed or is new (Yosys's outputs); inputs come back unchanged.
function save(tree, dir) {
  for (const [name, value] of Object.entries(tree)) {
    const p = path.join(dir, name);
    if (value instanceof Uint8Array || typeof value === 'string') {
      const data = Buffer.from(value);
      if (!fs.existsSync(p) || !fs.readFileSync(p).equals(data)) fs.writeFileSync(p, data);
    } else {
      fs.mkdirSync(p, { recursive: true });
      save(value, p);
    }
  }
}

const root = {};
for (const d of dirs) {
  const parts = d.split('/').filter(Boolean);
  let t = root;
  for (const part of parts.slice(0, -1)) t = (t[part] ??= {});
  t[parts.at(-1)] = load(d);
}

let files, code = 0;
try {
  files = await runYosys(process.argv.slice(2), root, { decodeASCII: false });
} catch (e) {
  // A failed run (ERROR in the script) still returns its files: the log says why.
  if (e.files === undefined) throw e;
  files = e.files;
  code = e.code ?? 1;
}
for (const d of dirs) {
  const t = subtree(files, d);
  if (t !== undefined) save(t, d);
}
process.exit(code);
