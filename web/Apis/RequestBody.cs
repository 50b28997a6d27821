namespace TwinCity.Web.Apis;

/// <summary>Reading request bodies under a limit.</summary>
internal static class RequestBody
{
    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (checked while reading, not trusting Content-Length).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Sized from Content-Length when given (already checked against the limit), so a large pack is not
        // copied through every doubling of the buffer; the length is still counted as the body comes.
        var buffer = new MemoryStream(request.ContentLength is > 0 and var length ? (int)length : 0);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
