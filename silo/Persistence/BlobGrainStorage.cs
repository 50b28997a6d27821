using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;
using TwinCity.Models.Storage;

namespace TwinCity.Silo.Persistence;

/// <summary>
/// Orleans grain storage over <see cref="IConditionalBlobStore"/> (DESIGN §5): one blob per grain
/// state, written in Orleans' own binary format, with the store's version tag as the grain's ETag.
/// A write with a stale ETag raises <see cref="InconsistentStateException"/> and changes nothing,
/// so two activations of one grain (possible for a moment after a silo dies) cannot both win.
/// </summary>
/// <remarks>
/// Blob names are <c>grains/&lt;state&gt;/&lt;shard&gt;/&lt;grain id&gt;</c>: the id is escaped by
/// <see cref="BlobName.Segment"/>, and the two-hex-digit shard keeps folders at a few thousand
/// entries for a million buildings.
/// </remarks>
public sealed partial class BlobGrainStorage(
    string name,
    IConditionalBlobStore store,
    Serializer serializer,
    ILogger<BlobGrainStorage> logger) : IGrainStorage
{
    /// <summary>The folder every grain state lives under.</summary>
    public const string Folder = "grains";

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var blob = await store.ReadVersionedAsync(NameOf(stateName, grainId));
        if (blob is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        try
        {
            grainState.State = serializer.Deserialize<T>(blob.Content);
        }
        catch (Exception ex)
        {
            LogUnreadable(logger, name, stateName, grainId, ex);
            throw;
        }

        grainState.ETag = blob.ETag;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var content = serializer.SerializeToArray(grainState.State);
        try
        {
            grainState.ETag = await store.WriteIfMatchAsync(NameOf(stateName, grainId), content, grainState.ETag);
            grainState.RecordExists = true;
        }
        catch (BlobConflictException ex)
        {
            throw new InconsistentStateException(
                $"Grain state '{stateName}' of {grainId} in storage '{name}' changed since it was read: {ex.Message}",
                ex.ActualETag ?? "(unknown)", grainState.ETag ?? "(none)", ex);
        }
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await store.DeleteIfMatchAsync(NameOf(stateName, grainId), grainState.ETag);
        }
        catch (BlobConflictException ex)
        {
            throw new InconsistentStateException(
                $"Grain state '{stateName}' of {grainId} in storage '{name}' changed since it was read: {ex.Message}",
                ex.ActualETag ?? "(unknown)", grainState.ETag ?? "(none)", ex);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The blob name of one grain's state.</summary>
    public static string NameOf(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        var shard = (Fnv1a(id) & 0xff).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
        return $"{Folder}/{BlobName.Segment(stateName)}/{shard}/{BlobName.Segment(id)}";
    }

    // Stable across processes and versions (string.GetHashCode is randomised per process).
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {Storage}: state {StateName} of {GrainId} cannot be read; the grain will not activate")]
    private static partial void LogUnreadable(ILogger logger, string storage, string stateName, GrainId grainId, Exception exception);
}
