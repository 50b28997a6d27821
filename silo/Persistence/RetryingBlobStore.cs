using System.Net.Sockets;
using Azure;
using Microsoft.Extensions.Logging;
using TwinCity.Models.Storage;

namespace TwinCity.Silo.Persistence;

/// <summary>
/// Rides out an outage of the blob store behind grain state: a call that fails for a transient
/// reason (store unreachable, 5xx, timeout) is retried with a backoff doubling up to
/// <see cref="MaxDelay"/> until <see cref="MaxOutage"/> has passed. The grain call (and so the
/// acknowledgement of whatever it carries) waits meanwhile: nothing is acknowledged that was not
/// stored. One warning says when the outage began, one line when it ended.
/// </summary>
public sealed partial class RetryingBlobStore(IConditionalBlobStore inner, ILogger<RetryingBlobStore> logger, TimeProvider time) : IConditionalBlobStore
{
    /// <summary>Longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <summary>How long one call keeps retrying before its error is passed on.</summary>
    public TimeSpan MaxOutage { get; init; } = TimeSpan.FromMinutes(5);

    private int _failing;

    /// <inheritdoc />
    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        RetryAsync("write", name, async () => { await inner.WriteAsync(name, content, cancellationToken); return true; }, cancellationToken);

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync("read", name, () => inner.OpenReadAsync(name, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken = default) =>
        RetryAsync("delete", prefix, async () => { await inner.DeleteFolderAsync(prefix, cancellationToken); return true; }, cancellationToken);

    /// <inheritdoc />
    public Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default) =>
        RetryAsync("read", name, () => inner.ReadVersionedAsync(name, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<string> WriteIfMatchAsync(string name, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var retried = false;
        try
        {
            return await RetryAsync("write", name, () => inner.WriteIfMatchAsync(name, content, expectedETag, cancellationToken), cancellationToken, () => retried = true);
        }
        catch (BlobConflictException) when (retried)
        {
            // An attempt whose answer was lost may have succeeded: then the blob holds exactly our bytes.
            var current = await inner.ReadVersionedAsync(name, cancellationToken);
            if (current is not null && current.Content.AsSpan().SequenceEqual(content.Span))
            {
                return current.ETag;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<string> WriteVersionAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        RetryAsync("write", name, () => inner.WriteVersionAsync(name, content, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task DeleteIfMatchAsync(string name, string? expectedETag, CancellationToken cancellationToken = default) =>
        RetryAsync("delete", name, async () => { await inner.DeleteIfMatchAsync(name, expectedETag, cancellationToken); return true; }, cancellationToken);

    /// <summary>True for failures that say nothing about the request itself: the store could not be reached or answered 5xx.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or SocketException or TimeoutException => true,
        FileNotFoundException or DirectoryNotFoundException => false,
        IOException => true,
        AggregateException a => a.InnerExceptions.All(IsTransient),
        _ => ex.InnerException is not null && IsTransient(ex.InnerException),
    };

    private async Task<T> RetryAsync<T>(string operation, string name, Func<Task<T>> call, CancellationToken cancellationToken, Action? onRetry = null)
    {
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await call();
                if (attempt > 1 && Interlocked.Exchange(ref _failing, 0) == 1)
                {
                    LogRecovered(logger, operation, name, time.GetElapsedTime(started), attempt);
                }

                return result;
            }
            catch (Exception ex) when (ex is not BlobConflictException && IsTransient(ex) && time.GetElapsedTime(started) < MaxOutage && !cancellationToken.IsCancellationRequested)
            {
                if (Interlocked.Exchange(ref _failing, 1) == 0)
                {
                    LogUnreachable(logger, operation, name, ex.Message, MaxOutage);
                }

                onRetry?.Invoke();
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob store unreachable ({Operation} {BlobName}): {Error}. Grain state writes wait and retry (up to {MaxOutage}); nothing is acknowledged until stored")]
    private static partial void LogUnreachable(ILogger logger, string operation, string blobName, string error, TimeSpan maxOutage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob store reachable again ({Operation} {BlobName}) after {Outage} and {Attempts} attempts")]
    private static partial void LogRecovered(ILogger logger, string operation, string blobName, TimeSpan outage, int attempts);
}
