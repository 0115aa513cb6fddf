/**
 * The LinkedIn adapter against msw handlers that answer like the REST API (shapes from the Posts,
 * Images and Comments API docs, in fixtures/linkedin/). LinkedIn publishes no machine-readable spec and
 * has no test server, so these are contract tests of what Cadence SENDS: headers, bodies, and above all
 * the escaping of the commentary, where a mistake silently truncates a real post.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Publication, PublicationPart } from '../../src/adapters/adapter.ts';
import { DEFAULT_LINKEDIN_VERSION, linkedInAdapter, linkedInFromEnv, littleText, littleToPlain } from '../../src/adapters/linkedin.ts';
import { selectAdapter } from '../../src/adapters/select.ts';

const BASE = 'https://api.linkedin.test';
const TOKEN = 'li-token-AQX9s8d7f6g5h4';
const AUTHOR = 'urn:li:organization:2414183';
const POST_URN = 'urn:li:share:7403322222222222222';
const fixture = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures/linkedin', name), 'utf8')) as Record<string, any>;
const INIT = fixture('initialize-upload.json');

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  json?: any;
  bytes?: number;
}

const server = setupServer();
let seen: Seen[];
let dir: string;
let uploads: number;

async function record(request: Request): Promise<Seen> {
  const entry: Seen = { method: request.method, url: new URL(request.url), headers: request.headers };
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('json')) entry.json = await request.json();
  else if (request.method === 'PUT') entry.bytes = (await request.arrayBuffer()).byteLength;
  seen.push(entry);
  return entry;
}

/** The happy path of the API; tests override single routes with server.use. */
const handlers = [
  http.post(`${BASE}/rest/images`, async ({ request }) => {
    await record(request);
    uploads++;
    return HttpResponse.json({ value: { ...INIT.value, image: `${INIT.value.image}${uploads}`, uploadUrl: `${INIT.value.uploadUrl}&n=${uploads}` } });
  }),
  http.put('https://www.linkedin.com/dms-uploads/*', async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 201 });
  }),
  http.get(`${BASE}/rest/images/:urn`, async ({ request, params }) => {
    await record(request);
    return HttpResponse.json({ ...fixture('image-available.json'), id: params.urn });
  }),
  http.post(`${BASE}/rest/posts`, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 201, headers: { 'x-restli-id': POST_URN } });
  }),
  http.post(`${BASE}/rest/socialActions/:urn/comments`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({ id: '7403333333333333333', object: POST_URN }, { status: 201 });
  }),
  http.delete(`${BASE}/rest/posts/:urn`, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 204 });
  }),
];

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
  uploads = 0;
  server.use(...handlers);
  dir = mkdtempSync(path.join(tmpdir(), 'cadence-linkedin-'));
});
afterEach(() => {
  server.resetHandlers();
  rmSync(dir, { recursive: true, force: true });
});

const adapter = (extra: Partial<Parameters<typeof linkedInAdapter>[0]> = {}) => linkedInAdapter({ token: TOKEN, author: AUTHOR, apiUrl: BASE, sleep: async () => {}, ...extra });

function publication(parts: PublicationPart[], extra: Partial<Publication> = {}): Publication {
  return { postId: '2026-12-galette', channel: 'linkedin', file: 'content/posts/2026/12/galette.mdx', title: 'Galette', parts, contentHash: 'sha256:5e1b7a9c0d2f4e6a', key: '2026-12-galette.linkedin.5e1b7a9c0d2f', ...extra };
}

const posts = () => seen.filter((s) => s.method === 'POST' && s.url.pathname === '/rest/posts');

describe('littleText: LinkedIn commentary escaping', () => {
  const cases: [string, string, string][] = [
    ['plain French text is untouched', 'Bonne année ! « La galette » arrive — l’équipe', 'Bonne année ! « La galette » arrive — l’équipe'],
    ['parentheses, brackets, braces', 'Ouvert (7j/7) [sauf lundi] {promo}', 'Ouvert \\(7j/7\\) \\[sauf lundi\\] \\{promo\\}'],
    ['angle brackets, pipe, tilde, asterisks, underscores', '<b>-10 %</b> | ~2 € *la pièce* _frais_', '\\<b\\>-10 %\\</b\\> \\| \\~2 € \\*la pièce\\* \\_frais\\_'],
    ['a backslash is escaped first, never doubled wrongly', '\\o/ C:\\pain', '\\\\o/ C:\\\\pain'],
    ['hashtags become templates, accents kept, underscore escaped', 'Vive l’#Épiphanie et la #fête_des_rois !', 'Vive l’{hashtag|\\#|Épiphanie} et la {hashtag|\\#|fête\\_des\\_rois} !'],
    ['a # that is no hashtag is escaped', 'C# et #2027 et n°#', 'C\\# et \\#2027 et n°\\#'],
    ['an @ that is no LinkedIn mention is escaped', 'Merci @jean et contact@boulangerie.fr', 'Merci \\@jean et contact\\@boulangerie.fr'],
    ['an explicit mention stays a mention', 'Avec @[Moulin Dupré](urn:li:organization:98765) !', 'Avec @[Moulin Dupré](urn:li:organization:98765) !'],
    ['URLs are left as written', 'Recette : https://fr.wikipedia.org/wiki/Galette_des_rois#Histoire_(France) (source)', 'Recette : https://fr.wikipedia.org/wiki/Galette_des_rois#Histoire_(France) \\(source\\)'],
    ['a URL inside parentheses keeps its own characters only', '(voir https://boulangerie.example/a_b?x=1&y=~2)', '\\(voir https://boulangerie.example/a_b?x=1&y=~2\\)'],
    ['a bare domain is a URL', 'Commandez sur boulangerie-lumiere.fr/galette_2027 *vite*', 'Commandez sur boulangerie-lumiere.fr/galette_2027 \\*vite\\*'],
    ['emoji and new lines survive', '🥐 Jour #1\n\n👑 (fève) ✨', '🥐 Jour \\#1\n\n👑 \\(fève\\) ✨'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      expect(littleText(input)).toBe(expected);
      expect(littleToPlain(littleText(input))).toBe(input);
    });
  }

  it('leaves no reserved character unescaped outside URLs, templates and mentions', () => {
    const text = 'Tout |{}@[]()<>#\\*_~ ici : #tag https://x.example/a_(b) @[A](urn:li:person:abc)';
    const out = littleText(text)
      .replace(/https:\/\/x\.example\/a_\(b\)/, '')
      .replace(/\{hashtag\|\\#\|tag\}/, '')
      .replace(/@\[A\]\(urn:li:person:abc\)/, '');
    expect(out.replace(/\\./g, '')).not.toMatch(/[|{}@[\]()<>#\\*_~]/);
  });
});

describe('LinkedIn adapter (msw)', () => {
  it('publishes text with the headers LinkedIn requires and the escaped commentary', async () => {
    const result = await adapter().publish(publication([{ text: 'La galette (frangipane) arrive ! #Épiphanie', media: [] }], { link: 'https://boulangerie.example/blog/galette_2027/' }));
    expect(result).toEqual({ ok: true, remoteId: POST_URN, url: `https://www.linkedin.com/feed/update/${POST_URN}/` });
    const [post] = posts();
    expect(post!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(post!.headers.get('linkedin-version')).toBe(DEFAULT_LINKEDIN_VERSION);
    expect(post!.headers.get('x-restli-protocol-version')).toBe('2.0.0');
    expect(post!.headers.get('content-type')).toBe('application/json');
    expect(post!.json).toEqual({
      author: AUTHOR,
      commentary: 'La galette \\(frangipane\\) arrive ! {hashtag|\\#|Épiphanie}\n\nhttps://boulangerie.example/blog/galette_2027/',
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
  });

  it('renders what it sends', () => {
    expect(adapter().render(publication([{ text: 'Prix: 3 € (TTC)', media: [] }], { link: 'https://b.example/x_y' }))).toEqual(['Prix: 3 € \\(TTC\\)\n\nhttps://b.example/x_y']);
  });

  it('uploads one image (initializeUpload, PUT, status) and attaches it with its alt text', async () => {
    const file = path.join(dir, 'galette.png');
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#d9a441' } }).png().toFile(file);
    const result = await adapter({ version: '202610' }).publish(publication([{ text: 'Galette', media: [{ path: 'galette.png', absolutePath: file, alt: 'Une galette dorée, fève en porcelaine' }] }]));
    expect(result.ok).toBe(true);
    const init = seen.find((s) => s.url.pathname === '/rest/images' && s.method === 'POST')!;
    expect(init.url.searchParams.get('action')).toBe('initializeUpload');
    expect(init.json).toEqual({ initializeUploadRequest: { owner: AUTHOR } });
    expect(init.headers.get('linkedin-version')).toBe('202610');
    const put = seen.find((s) => s.method === 'PUT')!;
    expect(put.url.href).toBe(`${INIT.value.uploadUrl}&n=1`);
    expect(put.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(put.bytes).toBe(readFileSync(file).length);
    expect(seen.some((s) => s.method === 'GET' && s.url.pathname === `/rest/images/${encodeURIComponent(`${INIT.value.image}1`)}`)).toBe(true);
    expect(posts()[0]!.json.content).toEqual({ media: { id: `${INIT.value.image}1`, altText: 'Une galette dorée, fève en porcelaine' } });
  });

  it('sends 2–20 images as multiImage, converting formats LinkedIn refuses', async () => {
    const media = [];
    for (const [i, format] of (['png', 'webp', 'jpeg'] as const).entries()) {
      const file = path.join(dir, `img${i}.${format}`);
      await sharp({ create: { width: 300 + i, height: 200, channels: 3, background: '#336699' } }).toFormat(format).toFile(file);
      media.push({ path: `img${i}.${format}`, absolutePath: file, alt: i === 2 ? '' : `Photo ${i + 1}` });
    }
    const result = await adapter().publish(publication([{ text: 'Trois photos', media }]));
    expect(result.ok).toBe(true);
    const puts = seen.filter((s) => s.method === 'PUT');
    expect(puts.map((p) => p.headers.get('content-type'))).toEqual(['image/png', 'image/jpeg', 'image/jpeg']); // WebP → JPEG
    expect(posts()[0]!.json.content).toEqual({
      multiImage: { images: [{ id: `${INIT.value.image}1`, altText: 'Photo 1' }, { id: `${INIT.value.image}2`, altText: 'Photo 2' }, { id: `${INIT.value.image}3` }] },
    });
  });

  it('posts the first comment on the new post through the socialActions comments API', async () => {
    const result = await adapter().publish(publication([{ text: 'Post', media: [] }], { firstComment: 'Le lien : https://boulangerie.example (réservation)' }));
    expect(result.ok).toBe(true);
    const comment = seen.find((s) => s.url.pathname.endsWith('/comments'))!;
    expect(comment.url.pathname).toBe(`/rest/socialActions/${encodeURIComponent(POST_URN)}/comments`);
    expect(comment.headers.get('linkedin-version')).toBe(DEFAULT_LINKEDIN_VERSION);
    expect(comment.json).toEqual({ actor: AUTHOR, object: POST_URN, message: { text: 'Le lien : https://boulangerie.example (réservation)' } });
  });

  it('a failed first comment does not fail the publication', async () => {
    server.use(http.post(`${BASE}/rest/socialActions/:urn/comments`, () => HttpResponse.json({ message: 'nope', status: 500 }, { status: 500 })));
    expect(await adapter().publish(publication([{ text: 'Post', media: [] }], { firstComment: 'x' }))).toMatchObject({ ok: true, remoteId: POST_URN });
  });

  it('a 5xx on POST /rest/posts is an unknown outcome (LinkedIn has no idempotency: look it up)', async () => {
    server.use(http.post(`${BASE}/rest/posts`, () => HttpResponse.json({ message: 'Internal Server Error', status: 500 }, { status: 500 })));
    expect(await adapter().publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'unknown', status: 500 });
  });

  it('a 5xx while uploading an image is transient: nothing was posted', async () => {
    server.use(http.post(`${BASE}/rest/images`, () => HttpResponse.json({ message: 'busy', status: 503 }, { status: 503 })));
    const file = path.join(dir, 'a.png');
    await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toFile(file);
    expect(await adapter().publish(publication([{ text: 'x', media: [{ path: 'a.png', absolutePath: file, alt: '' }] }]))).toMatchObject({ ok: false, kind: 'transient', status: 503 });
    expect(posts()).toEqual([]);
  });

  it('429 is rate-limited with the Retry-After wait; 401 and a sunset version are refused without printing the token', async () => {
    server.use(http.post(`${BASE}/rest/posts`, () => HttpResponse.json({ message: 'Too Many Requests', status: 429 }, { status: 429, headers: { 'retry-after': '30' } })));
    expect(await adapter().publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'rate-limited', retryAfterMs: 30_000 });

    server.use(http.post(`${BASE}/rest/posts`, () => HttpResponse.json({ ...fixture('unauthorized.json'), message: `Invalid access token ${TOKEN}` }, { status: 401 })));
    const unauthorized = await adapter().publish(publication([{ text: 'x', media: [] }]));
    expect(unauthorized).toMatchObject({ ok: false, kind: 'refused', status: 401 });
    expect(!unauthorized.ok && unauthorized.message).not.toContain(TOKEN);

    server.use(http.post(`${BASE}/rest/posts`, () => HttpResponse.json(fixture('version-sunset.json'), { status: 426 })));
    expect(await adapter({ version: '202401' }).publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'refused', status: 426, message: expect.stringContaining('not active') });
  });

  it('takes a 422 DUPLICATE_POST as the earlier attempt when that post exists, and refuses when it is gone', async () => {
    const dup = 'urn:li:share:7141138937766391808';
    server.use(
      http.post(`${BASE}/rest/posts`, () => HttpResponse.json(fixture('duplicate-post.json'), { status: 422 })),
      http.get(`${BASE}/rest/posts/:urn`, ({ params }) => (params.urn === dup ? HttpResponse.json({ id: dup, author: AUTHOR, commentary: 'x' }) : HttpResponse.json({ status: 404 }, { status: 404 }))),
    );
    expect(await adapter().publish(publication([{ text: 'x', media: [] }]))).toEqual({ ok: true, remoteId: dup, url: `https://www.linkedin.com/feed/update/${dup}/` });

    server.use(http.get(`${BASE}/rest/posts/:urn`, () => HttpResponse.json({ status: 404, message: 'Not Found' }, { status: 404 })));
    expect(await adapter().publish(publication([{ text: 'x', media: [] }]))).toMatchObject({ ok: false, kind: 'refused', status: 422, message: expect.stringContaining('no longer exists') });
  });

  it('looks a publication up among the author’s latest posts by its exact commentary', async () => {
    const pub = publication([{ text: 'La galette (frangipane) #Épiphanie', media: [] }]);
    const stored = { ...fixture('posts-by-author.json').elements[0], id: 'urn:li:share:7403344444444444444', commentary: littleText('La galette (frangipane) #Épiphanie') };
    let finder: Seen | undefined;
    server.use(
      http.get(`${BASE}/rest/posts`, async ({ request }) => {
        finder = await record(request);
        const body = fixture('posts-by-author.json');
        return HttpResponse.json({ ...body, elements: [...body.elements, stored] });
      }),
    );
    expect(await adapter().lookup(pub, pub.key)).toEqual({ found: true, remoteId: stored.id, url: `https://www.linkedin.com/feed/update/${stored.id}/` });
    expect(finder!.headers.get('x-restli-method')).toBe('FINDER');
    expect(Object.fromEntries(finder!.url.searchParams)).toEqual({ q: 'author', author: AUTHOR, count: '50', sortBy: 'LAST_MODIFIED' });

    expect(await adapter().lookup(publication([{ text: 'Jamais publié', media: [] }]), pub.key)).toEqual({ found: false });
    expect(await adapter().lookup(pub, 'another.key')).toMatchObject({ found: 'unknown' });
    server.use(http.get(`${BASE}/rest/posts`, () => HttpResponse.json({ message: 'Not enough permissions to access: partnerApiPostsExternal.FINDER-author', status: 403 }, { status: 403 })));
    expect(await adapter().lookup(pub, pub.key)).toMatchObject({ found: 'unknown', message: expect.stringContaining('Not enough permissions') });
  });

  it('deletes a post by its encoded URN; a post already gone counts as deleted', async () => {
    expect(await adapter().delete({ remoteId: POST_URN })).toEqual({ ok: true });
    const del = seen.find((s) => s.method === 'DELETE')!;
    expect(del.url.pathname).toBe(`/rest/posts/${encodeURIComponent(POST_URN)}`);
    expect(del.headers.get('x-restli-method')).toBe('DELETE');
    expect(del.headers.get('linkedin-version')).toBe(DEFAULT_LINKEDIN_VERSION);
    server.use(http.delete(`${BASE}/rest/posts/:urn`, () => HttpResponse.json({ status: 404 }, { status: 404 })));
    expect(await adapter().delete({ remoteId: POST_URN })).toEqual({ ok: true });
  });

  it('refuses threads and a malformed author URN before calling LinkedIn', async () => {
    expect(await adapter().publish(publication([{ text: '1', media: [] }, { text: '2', media: [] }]))).toMatchObject({ ok: false, kind: 'refused' });
    expect(await adapter({ author: 'boulangerie' }).publish(publication([{ text: '1', media: [] }]))).toMatchObject({ ok: false, kind: 'refused', message: expect.stringContaining('LINKEDIN_AUTHOR_URN') });
    expect(seen).toEqual([]);
  });

  it('is selected from LINKEDIN_ACCESS_TOKEN and LINKEDIN_AUTHOR_URN, with LINKEDIN_API_URL and LINKEDIN_VERSION', async () => {
    const env = { LINKEDIN_ACCESS_TOKEN: TOKEN, LINKEDIN_AUTHOR_URN: AUTHOR, LINKEDIN_API_URL: BASE, LINKEDIN_VERSION: '202609' };
    const selection = selectAdapter('linkedin', { root: dir, env });
    expect(selection).toMatchObject({ ok: true, via: 'network' });
    expect(selectAdapter('linkedin', { root: dir, env: { LINKEDIN_ACCESS_TOKEN: TOKEN } })).toMatchObject({ ok: false, message: expect.stringContaining('LINKEDIN_AUTHOR_URN') });
    expect((await linkedInFromEnv(env).publish(publication([{ text: 'x', media: [] }]))).ok).toBe(true);
    expect(posts()[0]!.headers.get('linkedin-version')).toBe('202609');
  });
});
