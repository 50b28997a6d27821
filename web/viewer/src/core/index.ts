export * from './types';
export * from './decodeFrame';
export * from './colourMap';
export * from './cityApi';
export { TileSequence, type FrameVerdict } from './TileSequence';
export { TileState } from './TileState';
export { TileSubscriptions, type SubscriptionDiff } from './TileSubscriptions';
export { TwinState, type FrameAppliedDetail, type FrameErrorDetail } from './TwinState';
export { TwinConnection, type CityChangedDetail, type ConnectionStateDetail, type ConnectionErrorDetail, type TwinConnectionOptions } from './TwinConnection';
