namespace TwinCity.Models.Storage;

/// <summary>The bytes of a blob and the version tag they were read at.</summary>
/// <param name="Content">The whole blob.</param>
/// <param name="ETag">Opaque version tag; pass it back to <see cref="IConditionalBlobStore.WriteIfMatchAsync"/>.</param>
public sealed record VersionedBlob(byte[] Content, string ETag);
