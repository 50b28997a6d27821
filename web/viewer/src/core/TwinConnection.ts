import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import type { TileSubscriptions } from './TileSubscriptions';
import type { TwinState } from './TwinState';

/** Payload of the `connection-state` event. */
export interface ConnectionStateDetail {
  state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
}

/** Payload of the `city-changed` event: a new city is live on the server. */
export interface CityChangedDetail {
  version: number;
}

/** Payload of the `connection-error` event. */
export interface ConnectionErrorDetail {
  message: string;
}

export interface TwinConnectionOptions {
  hubUrl?: string;
  token?: string | null;
  /** Delay before starting again after automatic reconnection gave up. */
  restartDelayMs?: number;
  /** Operators: ask for alert pushes (`WatchAlerts`) on every (re)connection. */
  watchAlerts?: boolean;
}

/**
 * The SignalR link to `/hubs/twin` (MessagePack): feeds frames into a {@link TwinState}, keeps the
 * server's subscriptions in line with a {@link TileSubscriptions}, asks for a snapshot when a tile's
 * sequence shows a gap and subscribes again after a reconnect (the server forgot the groups).
 */
export class TwinConnection extends EventTarget {
  private readonly connection: HubConnection;
  private readonly restartDelayMs: number;
  private disposed = false;
  private syncing: Promise<void> = Promise.resolve();
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly watchAlerts: boolean;

  constructor(
    private readonly state: TwinState,
    private readonly subscriptions: TileSubscriptions,
    options: TwinConnectionOptions = {},
  ) {
    super();
    this.restartDelayMs = options.restartDelayMs ?? 5000;
    this.watchAlerts = options.watchAlerts ?? false;
    const token = options.token;
    this.connection = new HubConnectionBuilder()
      .withUrl(options.hubUrl ?? '/hubs/twin', token ? { accessTokenFactory: () => token } : {})
      .withHubProtocol(new MessagePackHubProtocol())
      .withAutomaticReconnect()
      .configureLogging(LogLevel.Warning)
      .build();

    this.connection.on('Frame', (tileId: string, sequence: number | bigint, isSnapshot: boolean, payload: Uint8Array) =>
      this.onFrame(tileId, Number(sequence), isSnapshot, payload),
    );
    // Handlers return nothing: SignalR logs an error when a handler returns a value the server did not ask for.
    this.connection.on('CityChanged', (version: number | bigint) => {
      this.dispatchEvent(new CustomEvent<CityChangedDetail>('city-changed', { detail: { version: Number(version) } }));
    });
    // The push only says that alerts changed: the viewer reads the list again (GET /api/alerts), which
    // also covers whatever changed while the connection was down.
    this.connection.on('Alert', () => {
      this.dispatchEvent(new Event('alerts-changed'));
    });
    this.connection.onreconnecting(() => {
      this.subscriptions.connectionLost();
      this.state.resetSequences();
      this.emitState('reconnecting');
    });
    this.connection.onreconnected(() => {
      this.emitState('connected');
      void this.startAlerts();
      void this.sync();
    });
    this.connection.onclose((error) => {
      this.subscriptions.connectionLost();
      this.state.resetSequences();
      this.emitState('disconnected');
      if (this.disposed) return;
      this.emitError(`TwinConnection: connection closed${error ? ` (${error.message})` : ''}; retrying`);
      this.restartTimer = setTimeout(() => void this.start(), this.restartDelayMs);
    });
  }

  /** Connects (retrying until it succeeds or the connection is disposed) and subscribes. */
  async start(): Promise<void> {
    while (!this.disposed && this.connection.state === HubConnectionState.Disconnected) {
      this.emitState('connecting');
      try {
        await this.connection.start();
        this.emitState('connected');
        await this.startAlerts();
        await this.sync();
        return;
      } catch (error) {
        this.emitError(`TwinConnection: cannot connect to the hub (${(error as Error).message}); retrying`);
        await new Promise((resolve) => (this.restartTimer = setTimeout(resolve, this.restartDelayMs)));
      }
    }
  }

  private async startAlerts(): Promise<void> {
    if (!this.watchAlerts) return;
    try {
      await this.connection.invoke('WatchAlerts');
      this.dispatchEvent(new Event('alerts-changed'));
    } catch (error) {
      this.emitError(`TwinConnection: WatchAlerts failed (${(error as Error).message})`);
    }
  }

  /** Brings the server's subscriptions in line with the wanted tiles; calls are serialised. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncNow());
    return this.syncing;
  }

  private async syncNow(): Promise<void> {
    if (this.connection.state !== HubConnectionState.Connected) return;
    const { subscribe, unsubscribe } = this.subscriptions.diff();
    try {
      if (unsubscribe.length > 0) {
        await this.connection.invoke('UnsubscribeTiles', unsubscribe);
        this.subscriptions.commitUnsubscribed(unsubscribe);
      }
      if (subscribe.length > 0) {
        await this.connection.invoke('SubscribeTiles', subscribe);
        this.subscriptions.commitSubscribed(subscribe);
      }
    } catch (error) {
      this.emitError(`TwinConnection: subscription failed (${(error as Error).message})`);
    }
  }

  private onFrame(tileId: string, sequence: number, isSnapshot: boolean, payload: Uint8Array): void {
    const verdict = this.state.handleFrame(tileId, sequence, isSnapshot, payload);
    if (verdict === 'gap') {
      this.connection.invoke('RequestSnapshot', tileId).catch((error: Error) => {
        this.state.tiles.get(tileId)?.sequence.snapshotRequestFailed();
        this.emitError(`TwinConnection: snapshot request for tile '${tileId}' failed (${error.message})`);
      });
    }
  }

  private emitState(state: ConnectionStateDetail['state']): void {
    this.dispatchEvent(new CustomEvent<ConnectionStateDetail>('connection-state', { detail: { state } }));
  }

  private emitError(message: string): void {
    this.dispatchEvent(new CustomEvent<ConnectionErrorDetail>('connection-error', { detail: { message } }));
  }

  /** Stops the connection for good. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.restartTimer);
    await this.connection.stop();
  }
}
