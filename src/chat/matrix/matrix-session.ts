import { createClient, type MatrixClient, MatrixError, MatrixScheduler } from "matrix-js-sdk";
import type { Clock } from "../../core/clock.ts";
import { FirebreakError } from "../../core/firebreak-error.ts";
import type { Log } from "../../core/log.ts";
import type { ChatStateRepository } from "../../core/store-ports.ts";
import type { MatrixConfig } from "./matrix-config.ts";
import { serverOf } from "./matrix-ids.ts";
import { type RetryPolicy, retryRateLimited } from "./matrix-retry.ts";
import { quietSdkLogger } from "./matrix-sdk-logger.ts";

export const MATRIX = "matrix";

interface Credentials {
  readonly accessToken: string;
  readonly userId: string;
  readonly deviceId?: string | undefined;
}

export interface MatrixSession {
  readonly client: MatrixClient;
  readonly userId: string;
  /** The bot's homeserver name: where bare names (`@bob`) and room aliases live. */
  readonly serverName: string;
  /** Logs in again when the server no longer knows the token; false without a password. */
  relogin(): Promise<boolean>;
}

export interface SessionDeps {
  readonly chatState: ChatStateRepository;
  readonly clock: Clock;
  readonly log: Log;
  readonly retry: RetryPolicy;
}

/** M_UNKNOWN_TOKEN and friends: the access token is wrong or was logged out. */
export function isAuthError(error: unknown): boolean {
  return (
    error instanceof MatrixError &&
    (error.errcode === "M_UNKNOWN_TOKEN" ||
      error.errcode === "M_MISSING_TOKEN" ||
      error.httpStatus === 401)
  );
}

/**
 * A real matrix-js-sdk client, never started: Firebreak runs its own /sync loop
 * (matrix-sync-loop.ts) and uses the client for everything else. No crypto is ever initialised.
 */
function makeClient(baseUrl: string, log: Log, credentials?: Credentials): MatrixClient {
  return createClient({
    baseUrl,
    ...(credentials
      ? {
          accessToken: credentials.accessToken,
          userId: credentials.userId,
          ...(credentials.deviceId ? { deviceId: credentials.deviceId } : {}),
        }
      : {}),
    logger: quietSdkLogger(log),
    // The default scheduler sends all messages through one queue and retries 429s its own way;
    // matrix-retry.ts retries each call on its own instead, so this one sends at once, never retries.
    scheduler: new MatrixScheduler(
      () => -1,
      () => null,
    ),
    disableVoip: true,
  });
}

/**
 * Connects as the bot: with MATRIX_ACCESS_TOKEN and MATRIX_USER_ID as given, or by logging in
 * with MATRIX_USER and MATRIX_PASSWORD. A token from a login is kept in the store and reused on
 * the next start, so a restart does not create a new device every time.
 */
export async function openMatrixSession(
  config: MatrixConfig,
  deps: SessionDeps,
): Promise<MatrixSession> {
  const retry = <T>(label: string, call: () => Promise<T>) =>
    retryRateLimited(label, call, { policy: deps.retry, log: deps.log });
  const stateKey = `session:${config.user ?? ""}`;

  const stored = (): Credentials | undefined => {
    const raw = deps.chatState.get(MATRIX, stateKey);
    if (!raw) return undefined;
    try {
      const value = JSON.parse(raw) as Partial<Credentials>;
      return value.accessToken && value.userId
        ? { accessToken: value.accessToken, userId: value.userId, deviceId: value.deviceId }
        : undefined;
    } catch {
      return undefined;
    }
  };

  async function logIn(): Promise<Credentials> {
    const { user, password } = config;
    if (!user || !password) {
      throw new FirebreakError(
        "matrix_login",
        "Matrix: the access token was refused and there is no MATRIX_USER/MATRIX_PASSWORD to log in with.",
      );
    }
    const previous = stored();
    const anonymous = makeClient(config.homeserverUrl, deps.log);
    let response: Awaited<ReturnType<MatrixClient["loginRequest"]>>;
    try {
      response = await retry("login", () =>
        anonymous.loginRequest({
          type: "m.login.password",
          identifier: { type: "m.id.user", user },
          password,
          initial_device_display_name: "Firebreak",
          ...(previous?.deviceId ? { device_id: previous.deviceId } : {}),
        }),
      );
    } catch (error) {
      if (error instanceof MatrixError && error.errcode === "M_FORBIDDEN") {
        throw new FirebreakError(
          "matrix_login",
          `Matrix: ${config.homeserverUrl} refused the login of "${user}" (wrong MATRIX_USER or MATRIX_PASSWORD).`,
        );
      }
      throw error;
    }
    const credentials = {
      accessToken: response.access_token,
      userId: response.user_id,
      deviceId: response.device_id,
    };
    deps.chatState.set(
      MATRIX,
      stateKey,
      JSON.stringify(credentials),
      deps.clock.now().toISOString(),
    );
    deps.log.info({ user: credentials.userId }, "logged in to Matrix");
    return credentials;
  }

  async function initialCredentials(): Promise<Credentials> {
    if (config.accessToken && config.userId) {
      return { accessToken: config.accessToken, userId: config.userId };
    }
    const kept = stored();
    if (!kept) return logIn();
    try {
      await retry("whoami", () => makeClient(config.homeserverUrl, deps.log, kept).whoami());
      return kept;
    } catch (error) {
      if (isAuthError(error)) return logIn();
      // The server may just be down: keep the token; the sync loop retries.
      return kept;
    }
  }

  const credentials = await initialCredentials();
  const client = makeClient(config.homeserverUrl, deps.log, credentials);
  return {
    client,
    userId: credentials.userId,
    serverName: serverOf(credentials.userId),
    async relogin() {
      if (!config.user || !config.password) return false;
      const fresh = await logIn();
      client.setAccessToken(fresh.accessToken);
      return true;
    },
  };
}
