/*
 * What every fake AWS service shares: a log of calls (to count writes), and
 * injected faults (throttling, failures of chosen calls).
 */

export interface FakeCall {
  command: string;
  input: any;
  /** The error thrown, if the call failed. */
  error?: Error;
}

/** An error to throw: an instance, or a factory for a fresh one per call. */
export type FakeError = Error | (() => Error);

interface Fault {
  commands?: Set<string>;
  predicate?: (input: any, call: number) => boolean;
  error: () => Error;
  remaining: number;
  /** Calls of the matching commands seen so far (for predicates). */
  seen: number;
}

export abstract class FakeService {
  readonly calls: FakeCall[] = [];
  private readonly faults: Fault[] = [];
  private clockMs = Date.parse('2025-01-01T00:00:00Z');

  /** The error the service throws when it throttles (`Throttling` in IAM). */
  protected abstract throttlingError(message: string): Error;

  /** Whether the command changes state. */
  protected isWrite(command: string): boolean {
    return /^(Create|Update|Put|Delete|Attach|Detach|Tag|Untag|Set|Remove|Add)/.test(
      command,
    );
  }

  /**
   * Fails the next `count` calls (of `commands`, or of any command) with
   * `error`, throttling by default.
   */
  failNext(
    count: number,
    error: 'Throttling' | FakeError = 'Throttling',
    options: { commands?: string[] } = {},
  ): this {
    this.faults.push({
      commands: options.commands && new Set(options.commands),
      error: this.errorFactory(error),
      remaining: count,
      seen: 0,
    });
    return this;
  }

  /**
   * Fails every call of `command` for which `predicate(input, n)` holds, `n`
   * counting that command's calls from 1. Returns a function that clears it.
   */
  failOn(
    command: string,
    predicate: (input: any, call: number) => boolean,
    error: 'Throttling' | FakeError = () =>
      new Error(`Injected failure of ${command}`),
  ): () => void {
    const fault: Fault = {
      commands: new Set([command]),
      predicate,
      error: this.errorFactory(error),
      remaining: Infinity,
      seen: 0,
    };
    this.faults.push(fault);
    return () => {
      const index = this.faults.indexOf(fault);
      if (index >= 0) this.faults.splice(index, 1);
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Calls that change state (attempted, whether or not they succeeded). */
  writes(command?: string): FakeCall[] {
    return this.calls.filter(
      c => this.isWrite(c.command) && (!command || c.command === command),
    );
  }

  /** Runs `fn` without logging its calls: a change made by hand in the console. */
  async byHand<T>(fn: (service: this) => Promise<T>): Promise<T> {
    const before = this.calls.length;
    try {
      return await fn(this);
    } finally {
      this.calls.splice(before);
    }
  }

  callsOf(command: string): FakeCall[] {
    return this.calls.filter(c => c.command === command);
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** A monotonic clock, so creation dates order like they would in AWS. */
  protected now(): Date {
    this.clockMs += 1000;
    return new Date(this.clockMs);
  }

  /** Logs the call, throws an injected fault if one applies, else runs `fn`. */
  protected async run<T>(command: string, input: any, fn: () => T): Promise<T> {
    const call: FakeCall = { command, input };
    this.calls.push(call);
    try {
      for (const fault of this.faults) {
        if (fault.remaining <= 0) continue;
        if (fault.commands && !fault.commands.has(command)) continue;
        fault.seen++;
        if (fault.predicate && !fault.predicate(input, fault.seen)) continue;
        fault.remaining--;
        throw fault.error();
      }
      // A copy, so callers cannot change the fake's state through it.
      return structuredClone(fn());
    } catch (error) {
      call.error = error as Error;
      throw error;
    }
  }

  private errorFactory(error: 'Throttling' | FakeError): () => Error {
    if (error === 'Throttling')
      return () => this.throttlingError('Rate exceeded');
    return typeof error === 'function' ? error : () => error;
  }
}
