#!/usr/bin/env node
// Cadence runs its TypeScript sources directly (Node's type stripping), so it needs Node >= 22.12.
// The project installs its own Node 22 (the `node` package); `npm run` and `npx` put it first on PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `cadence needs Node >= 22.12 (this is ${process.versions.node}).\n` +
      `Run it through npm so the project's own Node is used: npx cadence …  or  npm run cadence -- …\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
