// The UTM block of the editorial line changes while a publication's outcome is unknown: the look-up
// rebuilds the text with the tags the attempt was sent with (recorded in its claim), finds it, and
// nothing is sent twice. A new attempt takes the line's current tags.
import { afterEach, describe, expect, it } from 'vitest';
import type { Adapter, Publication } from '../../src/adapters/adapter.ts';
import { publishRun } from '../../src/publish/run.ts';
import { readPair } from '../../src/publish/store.ts';
import { editorialLine, mdx, tempBrand, type TempBrand } from '../helpers/brand.ts';

const AT = Date.parse('2026-12-07T09:05:00+01:00');
// Credentials, so the factories below stand in for Mastodon (without them the outbox would).
const ENV = { MASTODON_TOKEN: 'fake-token', MASTODON_API_URL: 'https://mastodon.invalid' };
let brand: TempBrand | undefined;
afterEach(() => brand?.cleanup());

/** A network that keeps what it received and recognises a post by its exact text, as Mastodon's look-up does. */
function textNetwork(outcome: () => 'ok' | 'lost') {
  const received: string[] = [];
  const adapter: Adapter = {
    name: 'text-network',
    channel: 'mastodon',
    render: (p) => p.parts.map((part) => part.text),
    async publish(p: Publication) {
      received.push(p.parts[0]!.text);
      // 'lost': created, then the answer never comes (a timeout): the runner must look it up.
      return outcome() === 'ok' ? { ok: true, remoteId: String(received.length) } : { ok: false, kind: 'unknown', message: 'timed out after sending' };
    },
    async lookup(p: Publication) {
      if (outcome() === 'lost') return { found: 'unknown', message: 'the network does not answer' };
      const index = received.indexOf(p.parts[0]!.text);
      return index === -1 ? { found: false } : { found: true, remoteId: String(index + 1) };
    },
    async delete() {
      return { ok: true };
    },
  };
  return { received, factories: { mastodon: () => adapter } };
}

const run = (root: string, factories: ReturnType<typeof textNetwork>['factories'], nowMs = AT) =>
  publishRun({ root, nowMs, clock: () => nowMs, env: ENV, sleep: async () => {}, factories });

describe('an attempt keeps its UTM tags until its outcome is known', () => {
  it('the utm block changes while the outcome is unknown: the look-up finds the post with the old tags; nothing is sent twice', async () => {
    brand = tempBrand({ git: true, line: editorialLine({ utm: { campaign: 'hiver' } }) });
    brand.post('2026/12/galette.mdx', { title: 'Galette', publishAt: '2026-12-07T09:00', channels: ['mastodon'], pillar: 'produits', text: 'La galette est là : https://boulangerie.example/galette' });
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'content');
    let answer: 'ok' | 'lost' = 'lost';
    const network = textNetwork(() => answer);

    const first = await run(brand.root, network.factories);
    expect(first.outcomes.map((o) => o.kind)).toEqual(['unconfirmed']);
    expect(network.received).toEqual(['La galette est là : https://boulangerie.example/galette?utm_source=mastodon&utm_medium=social&utm_campaign=hiver&utm_content=2026-12-galette']);
    const claim = readPair(brand.root, '2026-12-galette', 'mastodon')!.events.find((e) => e.type === 'claimed')!;
    expect(claim).toMatchObject({ utm: { campaign: 'hiver', medium: 'social' } });

    // Meanwhile the editorial line gets another campaign and source for Mastodon.
    brand.write('content/editorial-line.mdx', mdx(editorialLine({ utm: { campaign: 'printemps', sources: { mastodon: 'fediverse' } } }), '# Ligne éditoriale\n'));
    brand.git('commit', '-qam', 'utm: printemps');
    answer = 'ok';
    const second = await run(brand.root, network.factories, AT + 30 * 60_000);
    expect(second.outcomes.map((o) => o.kind)).toEqual(['reconciled']);
    expect(network.received).toHaveLength(1); // found, not resent with the new tags
    const events = readPair(brand.root, '2026-12-galette', 'mastodon')!.events;
    expect(events.filter((e) => e.type === 'claimed').map((e) => (e as { utm?: { campaign?: string } }).utm?.campaign)).toEqual(['hiver', 'hiver']);
  });

  it('a new attempt after a failure takes the current tags', async () => {
    brand = tempBrand({ git: true, line: editorialLine({ utm: { campaign: 'hiver' } }) });
    brand.post('2026/12/galette.mdx', { title: 'Galette', publishAt: '2026-12-07T09:00', channels: ['mastodon'], pillar: 'produits', text: 'La galette : https://boulangerie.example/galette' });
    brand.git('add', '-A');
    brand.git('commit', '-qm', 'content');
    let calls = 0;
    const received: string[] = [];
    const failing: Adapter = {
      name: 'flaky',
      channel: 'mastodon',
      render: (p) => p.parts.map((part) => part.text),
      async publish(p) {
        received.push(p.parts[0]!.text);
        return ++calls === 1 ? { ok: false, kind: 'transient', message: '503 before anything was created' } : { ok: true, remoteId: '1' };
      },
      async lookup() {
        return { found: false };
      },
      async delete() {
        return { ok: true };
      },
    };
    const retry = { attempts: 1, baseMs: 1, maxWaitMs: 1 };
    const first = await publishRun({ root: brand.root, nowMs: AT, clock: () => AT, env: ENV, sleep: async () => {}, retry, factories: { mastodon: () => failing } });
    expect(first.outcomes.map((o) => o.kind)).toEqual(['failed']);
    brand.write('content/editorial-line.mdx', mdx(editorialLine({ utm: { campaign: 'printemps' } }), '# Ligne éditoriale\n'));
    brand.git('commit', '-qam', 'utm: printemps');
    const later = AT + 60 * 60_000;
    const second = await publishRun({ root: brand.root, nowMs: later, clock: () => later, env: ENV, sleep: async () => {}, retry, factories: { mastodon: () => failing } });
    expect(second.outcomes.map((o) => o.kind)).toEqual(['published']);
    expect(received.map((t) => /utm_campaign=(\w+)/.exec(t)?.[1])).toEqual(['hiver', 'printemps']);
  });
});
