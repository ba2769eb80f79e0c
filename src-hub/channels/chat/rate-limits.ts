/**
 * Rate limits for visitors: the widget is public, so anyone can script it. Counted in memory per
 * hub node (rate-limiter-flexible); with several nodes each enforces its own share, which still
 * bounds what one visitor can push into the queue.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { VisitorError } from './visitor-error.js';

export interface ChatRateLimitOptions {
  /** Chat messages one visitor may send: a short burst and a sustained rate. */
  messageBurst: { points: number; seconds: number };
  messageSustained: { points: number; seconds: number };
  /** Offline-form messages per visitor and per network address. */
  offlinePerVisitor: { points: number; seconds: number };
  offlinePerAddress: { points: number; seconds: number };
  /** New visitors (tokens issued) per network address. */
  newVisitorsPerAddress: { points: number; seconds: number };
  /** hello and profile events per visitor (each reads or writes the store). */
  otherPerVisitor: { points: number; seconds: number };
}

export const DEFAULT_CHAT_RATE_LIMITS: ChatRateLimitOptions = {
  messageBurst: { points: 5, seconds: 5 },
  messageSustained: { points: 30, seconds: 60 },
  offlinePerVisitor: { points: 3, seconds: 600 },
  offlinePerAddress: { points: 10, seconds: 600 },
  newVisitorsPerAddress: { points: 60, seconds: 600 },
  otherPerVisitor: { points: 20, seconds: 10 },
};

/** A refusal the visitor sees; `retryAfterMs` tells the widget when to try again. */
export class RateLimited extends VisitorError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super('rate_limited', message);
  }
}

type Bucket = keyof ChatRateLimitOptions;

export class ChatRateLimits {
  readonly #limiters: Record<Bucket, RateLimiterMemory>;

  constructor(options: ChatRateLimitOptions = DEFAULT_CHAT_RATE_LIMITS) {
    const make = ({ points, seconds }: { points: number; seconds: number }) => new RateLimiterMemory({ points, duration: seconds });
    this.#limiters = {
      messageBurst: make(options.messageBurst),
      messageSustained: make(options.messageSustained),
      offlinePerVisitor: make(options.offlinePerVisitor),
      offlinePerAddress: make(options.offlinePerAddress),
      newVisitorsPerAddress: make(options.newVisitorsPerAddress),
      otherPerVisitor: make(options.otherPerVisitor),
    };
  }

  /**
   * Count one use of every bucket given; throws {@link RateLimited} when any is exhausted.
   *
   * @param what the refusal text, e.g. "You are sending messages too fast".
   */
  async take(buckets: [Bucket, string][], what: string): Promise<void> {
    for (const [bucket, key] of buckets) {
      try {
        await this.#limiters[bucket].consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
          throw new RateLimited(`${what}. Please wait ${seconds} s and try again.`, error.msBeforeNext);
        }
        throw error;
      }
    }
  }
}
