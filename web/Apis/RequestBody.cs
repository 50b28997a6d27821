using System.Buffers;

namespace TwinCity.Web.Apis;

/// <summary>Reading request bodies under a limit.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body, or null when it is longer than <paramref name="limit"/> (checked while reading, not trusting
    /// Content-Length). It is read into a buffer rented from the shared pool: dispose it once done with it.
    /// </summary>
    public static async Task<PooledBody?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Sized from Content-Length when given (already checked against the limit), so a large pack is
        // neither copied through a doubling series nor, at 10,000 readings, left on the large-object heap.
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length : 16 * 1024);
        var filled = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
                if (filled > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new PooledBody(buffer, filled);
    }

    /// <summary>A request body in a rented buffer, given back when disposed.</summary>
    public sealed class PooledBody(byte[] buffer, int length) : IDisposable
    {
        private byte[]? _buffer = buffer;

        /// <summary>The body's bytes.</summary>
        public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, length);

        /// <inheritdoc />
        public void Dispose()
        {
            if (_buffer is { } buffer)
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
