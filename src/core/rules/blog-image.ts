import { bodyImagePath, bodyImages } from '../body-images.ts';
import type { PostRule } from './rule.ts';

export const blogImage: PostRule = {
  id: 'blog/image',
  description: 'Every image an article body shows exists and is an image, or the blog build fails.',
  severity: 'error',
  scope: 'post',
  check(post, ctx) {
    if (!post.data.channels.includes('blog')) return [];
    return bodyImages(post.body).flatMap((image) => {
      const file = bodyImagePath(post.file, image.src);
      const info = file ? ctx.media.get(file) : undefined;
      if (!file || !info || info.ok) return [];
      const message =
        info.problem === 'missing'
          ? `${file} does not exist (\`${image.src}\` is read ${image.src.startsWith('/') ? 'under public/' : 'relative to the post'})`
          : info.problem === 'outside'
            ? `${info.reason}: content stays inside the repository`
            : `${file} cannot be read as an image: ${info.reason}`;
      return [{ at: { line: post.bodyLine + image.line - 1, column: image.column }, channel: 'blog' as const, message }];
    });
  },
};
