// Hash of everything that determines the VM's .wasm: the AssemblyScript sources and config in
// assembly/ and the compiler version. Stored in src/generated/vm-wasm.ts by build-wasm.mjs and
// recomputed by src/generated.test.ts, which fails when the generated module is stale.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function assemblySourceHash(packageDir) {
  const dir = join(packageDir, 'assembly');
  const h = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(ts|json)$/.test(name)) continue;
    h.update(name + '\0');
    // normalize line endings so a Windows checkout hashes the same
    h.update(readFileSync(join(dir, name), 'utf8').replace(/\r\n/g, '\n') + '\0');
  }
  const asc = JSON.parse(readFileSync(join(packageDir, 'node_modules/assemblyscript/package.json'), 'utf8'));
  h.update('assemblyscript@' + asc.version);
  return h.digest('hex').slice(0, 32);
}
