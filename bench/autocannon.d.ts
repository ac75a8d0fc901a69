// The part of autocannon's API the bench uses (the package ships no types).
declare module "autocannon" {
  export interface Histogram {
    readonly average: number;
    readonly mean: number;
    readonly min: number;
    readonly max: number;
    readonly p50: number;
    readonly p90: number;
    readonly p97_5: number;
    readonly p99: number;
    readonly p99_9: number;
  }
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  }
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    pipelining?: number;
    timeout?: number;
    overallRate?: number;
    connectionRate?: number;
    ignoreCoordinatedOmission?: boolean;
    method?: string;
    headers?: Record<string, string>;
    requests?: Request[];
  }
  export interface Result {
    readonly latency: Histogram;
    readonly requests: Histogram;
    readonly duration: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly "2xx": number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
