/*
 * Bare git repositories on the portal host, driven through the git CLI:
 * `<directory>/repos/<name>.git` are the repositories, and
 * `<directory>/checkouts/<name>` the portal's working copies of their default
 * branch, which the catalog reads (a bare repository has no files to read).
 */
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A repository name: 1 to 50 lowercase letters, digits, `.`, `_` and `-`,
 * starting and ending with a letter or digit (so `local-git-<name>` is a
 * valid entity name for its catalog Location).
 */
export const REPO_NAME_PATTERN = /^[a-z0-9]([a-z0-9._-]{0,48}[a-z0-9])?$/;

/** Written into each bare repository we create: which task created it. */
const TASK_MARKER = 'meshport-created-by-task';

export interface GitAuthor {
  name: string;
  email: string;
}

export interface PublishedRepository {
  /** `file://` URL of the bare repository (what `git clone` takes). */
  remoteUrl: string;
  /** Absolute path of the portal's checkout. */
  checkoutPath: string;
  /** Commit at the head of the default branch. */
  commitHash: string;
  defaultBranch: string;
}

/** Runs git; rejects with its stderr. */
export type GitRunner = (
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
) => Promise<string>;

export function createGitRunner(gitBinary = 'git'): GitRunner {
  return (args, options) =>
    new Promise((resolve, reject) => {
      execFile(
        gitBinary,
        args,
        {
          cwd: options.cwd,
          env: options.env,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT') {
              reject(
                new Error(
                  `The git CLI was not found on the portal host (looked for "${gitBinary}" on PATH). Install git (e.g. apt-get install git) to publish to local repositories`,
                ),
              );
              return;
            }
            reject(
              new Error(
                `git ${args[0]} failed: ${(stderr || error.message).trim()}`,
              ),
            );
            return;
          }
          resolve(stdout.trim());
        },
      );
    });
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Copies a folder's content, leaving out any `.git`. */
async function copyContent(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  await fs.cp(from, to, {
    recursive: true,
    force: true,
    filter: source => path.basename(source) !== '.git',
  });
}

export class LocalGitRepositories {
  readonly #directory: string;
  readonly #git: GitRunner;

  constructor(options: { directory: string; git?: GitRunner }) {
    this.#directory = path.resolve(options.directory);
    this.#git = options.git ?? createGitRunner();
  }

  get directory(): string {
    return this.#directory;
  }

  repositoryPath(name: string): string {
    return path.join(this.#directory, 'repos', `${validName(name)}.git`);
  }

  checkoutPath(name: string): string {
    return path.join(this.#directory, 'checkouts', validName(name));
  }

  remoteUrl(name: string): string {
    return `file://${this.repositoryPath(name)}`;
  }

  async exists(name: string): Promise<boolean> {
    return exists(this.repositoryPath(name));
  }

  /** Fails with a clear message when the git CLI is missing. */
  async ensureGitAvailable(): Promise<string> {
    return this.#git(['--version'], { cwd: os.tmpdir(), env: gitEnv() });
  }

  /**
   * Creates `<name>.git` with the content of `sourceDir` as its first commit
   * and checks it out for the catalog. Refuses an existing repository, unless
   * the same task created it (a retried task resumes instead).
   */
  async create(options: {
    name: string;
    sourceDir: string;
    message: string;
    author: GitAuthor;
    defaultBranch: string;
    taskId: string;
  }): Promise<PublishedRepository> {
    const { name, sourceDir, message, author, defaultBranch, taskId } = options;
    const repo = this.repositoryPath(name);
    await this.ensureGitAvailable();
    await fs.mkdir(path.dirname(repo), { recursive: true });
    try {
      // Not recursive: an existing folder fails, so two tasks never share one.
      await fs.mkdir(repo);
      await fs.writeFile(path.join(repo, TASK_MARKER), `${taskId}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const createdBy = await fs
        .readFile(path.join(repo, TASK_MARKER), 'utf8')
        .catch(() => '');
      if (createdBy.trim() !== taskId) {
        throw new ConflictError(
          `Repository ${name} already exists at ${repo}; choose another name (existing repositories are never overwritten)`,
        );
      }
    }
    const env = gitEnv(author);
    await this.#git(
      ['init', '--quiet', '--bare', `--initial-branch=${defaultBranch}`],
      { cwd: repo, env },
    );

    const hasBranch = await this.#git(
      ['rev-parse', '--verify', '--quiet', `refs/heads/${defaultBranch}`],
      { cwd: repo, env },
    ).then(
      () => true,
      () => false,
    );
    if (!hasBranch) {
      const work = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-git-'));
      try {
        await copyContent(sourceDir, work);
        await this.#git(
          ['init', '--quiet', `--initial-branch=${defaultBranch}`],
          { cwd: work, env },
        );
        await this.#git(['add', '--all'], { cwd: work, env });
        await this.#git(['commit', '--quiet', '--allow-empty', '-m', message], {
          cwd: work,
          env,
        });
        await this.#git(
          ['push', '--quiet', repo, `HEAD:refs/heads/${defaultBranch}`],
          { cwd: work, env },
        );
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    }
    return this.updateCheckout(name, defaultBranch);
  }

  /**
   * Commits the content of `sourceDir` over the default branch of an
   * existing repository (files not in `sourceDir` stay) and pushes it. No
   * commit when nothing changed.
   */
  async commit(options: {
    name: string;
    sourceDir: string;
    message: string;
    author: GitAuthor;
  }): Promise<PublishedRepository & { changed: boolean }> {
    const { name, sourceDir, message, author } = options;
    await this.requireExisting(name);
    const env = gitEnv(author);
    const work = await this.clone(name, env);
    try {
      const branch = await this.#git(['rev-parse', '--abbrev-ref', 'HEAD'], {
        cwd: work,
        env,
      });
      await copyContent(sourceDir, work);
      await this.#git(['add', '--all'], { cwd: work, env });
      const status = await this.#git(['status', '--porcelain'], {
        cwd: work,
        env,
      });
      if (status) {
        await this.#git(['commit', '--quiet', '-m', message], {
          cwd: work,
          env,
        });
        await this.#git(['push', '--quiet', 'origin', `HEAD:${branch}`], {
          cwd: work,
          env,
        });
      }
      const published = await this.updateCheckout(name, branch);
      return { ...published, changed: Boolean(status) };
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  /** Copies the files of the default branch (without `.git`) into `targetDir`. */
  async fetchInto(name: string, targetDir: string): Promise<string> {
    await this.requireExisting(name);
    const env = gitEnv();
    const work = await this.clone(name, env);
    try {
      const head = await this.#git(['rev-parse', 'HEAD'], { cwd: work, env });
      await copyContent(work, targetDir);
      return head;
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  private async requireExisting(name: string): Promise<void> {
    if (!(await this.exists(name))) {
      throw new NotFoundError(
        `No local repository ${name} (looked in ${path.dirname(
          this.repositoryPath(name),
        )})`,
      );
    }
    await this.ensureGitAvailable();
  }

  private async clone(name: string, env: NodeJS.ProcessEnv): Promise<string> {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'meshport-git-'));
    try {
      await this.#git(['clone', '--quiet', this.repositoryPath(name), work], {
        cwd: os.tmpdir(),
        env,
      });
      return work;
    } catch (error) {
      await fs.rm(work, { recursive: true, force: true });
      throw error;
    }
  }

  /** Brings the portal's checkout to the head of `branch` (cloning it the first time). */
  private async updateCheckout(
    name: string,
    branch: string,
  ): Promise<PublishedRepository> {
    const env = gitEnv();
    const checkout = this.checkoutPath(name);
    if (!(await exists(path.join(checkout, '.git')))) {
      await fs.rm(checkout, { recursive: true, force: true });
      await fs.mkdir(path.dirname(checkout), { recursive: true });
      await this.#git(
        [
          'clone',
          '--quiet',
          '--branch',
          branch,
          this.repositoryPath(name),
          checkout,
        ],
        { cwd: path.dirname(checkout), env },
      );
    } else {
      await this.#git(['fetch', '--quiet', 'origin', branch], {
        cwd: checkout,
        env,
      });
      await this.#git(['reset', '--quiet', '--hard', `origin/${branch}`], {
        cwd: checkout,
        env,
      });
    }
    const commitHash = await this.#git(['rev-parse', 'HEAD'], {
      cwd: checkout,
      env,
    });
    return {
      remoteUrl: this.remoteUrl(name),
      checkoutPath: checkout,
      commitHash,
      defaultBranch: branch,
    };
  }
}

function validName(name: string): string {
  if (!REPO_NAME_PATTERN.test(name)) {
    throw new InputError(
      `repoName: must be 1-50 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit (got ${JSON.stringify(
        name,
      )})`,
    );
  }
  return name;
}

/**
 * A predictable git: no prompts, no system or user config (hooks, signing,
 * credential helpers), and the given author on commits.
 */
function gitEnv(author?: GitAuthor): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  if (author) {
    env.GIT_AUTHOR_NAME = author.name;
    env.GIT_AUTHOR_EMAIL = author.email;
    env.GIT_COMMITTER_NAME = 'Meshport portal';
    env.GIT_COMMITTER_EMAIL = 'meshport@localhost';
  }
  return env;
}
