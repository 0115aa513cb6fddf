/**
 * A real Bluesky server for tests: @atproto/pds with @did-plc/server, in this process, on SQLite in a
 * temporary directory (no Postgres, no Redis, no network). Start it once per test file (beforeAll);
 * it takes a fraction of a second. The recipe is the one of atproto's packages/dev-env
 * (pds.ts, plc.ts, network-no-appview.ts) and /work/shared/networks.md §3:
 * - a fixed free port, not 0: the DID documents the PDS writes record its URL and port;
 * - devMode, handles under `.test`, no invite codes;
 * - no AppView and no moderation service (URLs that cannot resolve), no SSRF protection (localhost).
 * The PDS needs Node 22 (undici 8 needs zlib zstd): run tests with the project's own Node.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import { Secp256k1Keypair } from '@atproto/crypto';
import * as pds from '@atproto/pds';
import * as plc from '@did-plc/server';

export interface TestAccount {
  handle: string;
  did: string;
  /** A password usable as an app password (createSession takes either). */
  password: string;
}

export interface LocalPds {
  /** Base URL, `http://localhost:<port>`: what BLUESKY_API_URL points at. */
  url: string;
  plcUrl: string;
  /** Milliseconds from the call to both servers listening. */
  startMs: number;
  createAccount(name: string): Promise<TestAccount>;
  /** An agent logged in as the account, for assertions (getRecord, listRecords…). */
  agentFor(account: TestAccount): Promise<AtpAgent>;
  close(): Promise<void>;
}

/** A port the OS says is free right now (the PDS must know its port before it listens). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startLocalPds(): Promise<LocalPds> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-pds-'));

  const plcPort = await freePort();
  const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort });
  await plcServer.start();
  const plcUrl = `http://localhost:${plcPort}`;

  const port = await freePort();
  const recoveryKey = await Secp256k1Keypair.create();
  const plcRotationKey = await Secp256k1Keypair.create({ exportable: true });
  const rotationHex = Buffer.from(await plcRotationKey.export()).toString('hex');
  const server = await pds.PDS.fromEnv({
    devMode: true,
    port,
    hostname: 'localhost',
    dataDirectory: dir,
    blobstoreDiskLocation: path.join(dir, 'blobs'),
    didPlcUrl: plcUrl,
    jwtSecret: 'jwt-secret',
    adminPassword: 'admin-pass',
    recoveryDidKey: recoveryKey.did(),
    plcRotationKeyK256PrivateKeyHex: rotationHex,
    serviceHandleDomains: ['.test'],
    inviteRequired: false,
    bskyAppViewUrl: 'http://appview.invalid',
    bskyAppViewDid: 'did:example:appview',
    modServiceUrl: 'http://mod.invalid',
    modServiceDid: 'did:example:mod',
    disableSsrfProtection: true,
    crawlers: [],
  });
  await server.start();
  const url = `http://localhost:${port}`;
  const startMs = Math.round(performance.now() - started);

  return {
    url,
    plcUrl,
    startMs,
    async createAccount(name) {
      const handle = `${name}.test`;
      const password = `pw-${name}-${Math.random().toString(36).slice(2)}`;
      const agent = new AtpAgent({ service: url });
      const res = await agent.createAccount({ handle, password, email: `${name}@example.test` });
      return { handle, did: res.data.did, password };
    },
    async agentFor(account) {
      const agent = new AtpAgent({ service: url });
      await agent.login({ identifier: account.handle, password: account.password });
      return agent;
    },
    async close() {
      try {
        await server.destroy();
      } finally {
        await plcServer.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
