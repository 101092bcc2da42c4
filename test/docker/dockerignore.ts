import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface IgnoreRule {
  pattern: RegExp;
  /** A `!pattern`: sends back what an earlier rule left out. */
  exception: boolean;
}

/**
 * Whether the build context leaves `path` out, by Docker's rules for
 * .dockerignore: patterns relative to the context root, `*` and `?` within
 * one path segment, `**` across any number of them, `!` to bring a path back;
 * the last rule that matches the path or one of its parent directories wins.
 */
export type IsIgnored = (path: string) => boolean;

export function loadDockerIgnore(contextDir: string): IsIgnored {
  return dockerIgnore(readFileSync(join(contextDir, '.dockerignore'), 'utf8'));
}

export function dockerIgnore(text: string): IsIgnored {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(toRule);
  return (path) => {
    const candidates = ancestorsAndSelf(path);
    let ignored = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.pattern.test(candidate))) ignored = !rule.exception;
    }
    return ignored;
  };
}

function toRule(line: string): IgnoreRule {
  const exception = line.startsWith('!');
  const glob = (exception ? line.slice(1) : line).replace(/^\/+/, '').replace(/\/+$/, '');
  return { pattern: new RegExp(`^${globToRegExp(glob)}$`), exception };
}

function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else out += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`: a rule on a directory covers what it holds. */
function ancestorsAndSelf(path: string): string[] {
  const segments = path.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}
