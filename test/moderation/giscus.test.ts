import { describe, expect, it } from 'vitest';
import { giscusPolicy, giscusSettings } from '../../src/site/giscus.ts';

describe('giscus on the blog', () => {
  const all = { CADENCE_GISCUS_REPO: 'boulangerie/contenus', CADENCE_GISCUS_REPO_ID: 'R_1', CADENCE_GISCUS_CATEGORY: 'Commentaires', CADENCE_GISCUS_CATEGORY_ID: 'DIC_1' };
  it('is on only with its four settings, and then asks the CSP for giscus.app by name, script and frame', () => {
    expect(giscusSettings(all)).toEqual({ repo: 'boulangerie/contenus', repoId: 'R_1', category: 'Commentaires', categoryId: 'DIC_1' });
    expect(giscusPolicy(all)).toEqual({ scriptOrigins: ['https://giscus.app'], frameOrigins: ['https://giscus.app'] });
    const { CADENCE_GISCUS_REPO_ID: _, ...three } = all;
    expect(giscusSettings(three)).toBeUndefined();
    expect(giscusPolicy(three)).toEqual({});
  });
});
